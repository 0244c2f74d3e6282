import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { LAB, REPO_ROOT } from './lab-settings';
import { holdsFor } from './support/holds-for';
import { openRawStream } from './support/raw-stream';

const run = promisify(execFile);

interface ComposeConfig {
  services: Record<string, { ports?: { host_ip?: string; published?: string; target: number }[] }>;
}

/** The compose file as docker compose resolves it, every profile enabled. */
async function resolvedCompose(file: string): Promise<ComposeConfig> {
  const { stdout } = await run('docker', ['compose', '-f', file, '--profile', 'nginx', 'config', '--format', 'json'], {
    cwd: REPO_ROOT,
  });
  return JSON.parse(stdout) as ComposeConfig;
}

test.describe('compose files', () => {
  for (const file of ['compose.prod.yaml', 'compose.yaml']) {
    test(`stack @stack @server: ${file} is valid and publishes on 127.0.0.1 only`, async () => {
      const config = await resolvedCompose(file);
      const published = Object.entries(config.services).flatMap(([service, { ports = [] }]) =>
        ports.map((port) => ({ service, ...port })),
      );
      expect(published.length).toBeGreaterThan(0);
      for (const port of published) expect(port.host_ip, `${port.service}:${port.target}`).toBe('127.0.0.1');
    });
  }
});

test.describe('the prod stack', () => {
  test('stack @stack @server: events flow through the edge; silence stops them with the socket open; clear restores the flow', async ({
    stack,
    fault,
  }) => {
    const stream = openRawStream(stack.urls.direct);
    try {
      await expect
        .poll(() => stream.state.events, { message: 'events through the edge proxy', timeout: 10 * LAB.TICK_MS + 5000 })
        .toBeGreaterThanOrEqual(3);

      const silence = await test.step('silence the edge', () => fault.apply(chaos.silence, 'edge-direct'));
      const bytesAtSilence = stream.state.bytes;
      // Three heartbeats and a dozen ticks would arrive in this window: nothing does, the socket stays open.
      await holdsFor(
        () => ({ ...stream.state }),
        (s) => !s.closed && s.bytes === bytesAtSilence,
        3 * LAB.HEARTBEAT_MS,
        'silent stream stays open',
      );

      await test.step('clear the fault', () => fault.remove(silence));
      // Removing a timeout toxic closes the connections it held: a new stream flows again.
      await expect.poll(() => stream.state.closed, { timeout: 5000 }).toBe(true);
      const after = openRawStream(stack.urls.direct);
      await expect.poll(() => after.state.events, { timeout: 10 * LAB.TICK_MS + 5000 }).toBeGreaterThanOrEqual(2);
      after.close();
    } finally {
      stream.close();
    }
  });
});

test.describe('a Toxiproxy that stops answering', () => {
  test('stack @stack @server: with its container paused, make chaos FAULT=clear restarts it within 30 s, says so, and the lab serves again', async ({
    stack,
    toxiproxy,
  }) => {
    await run('docker', stack.composeArgs('pause', 'toxiproxy'), { cwd: REPO_ROOT });
    const started = Date.now();
    const { stdout } = await run(
      'make',
      ['--no-print-directory', 'chaos', 'FAULT=clear', `TOXIPROXY_URL=${stack.urls.toxiproxy}`],
      { cwd: REPO_ROOT, timeout: 60_000 },
    );
    const tookMs = Date.now() - started;
    expect(tookMs, `make chaos FAULT=clear took ${tookMs} ms`).toBeLessThan(30_000);
    expect(stdout).toMatch(
      /did not answer POST \/reset within \d+ ms: restarted Toxiproxy's container \S+toxiproxy\S* \(it applied \S+populate\.e2e\.json again\); proxies .*edge.* back at/,
    );
    const proxies = await toxiproxy.proxies();
    for (const name of ['edge', 'upstream', 'edge-direct'])
      expect(proxies[name], `proxy ${name} after the restart`).toMatchObject({ enabled: true, toxics: [] });
    const health = await fetch(`${stack.urls.edge}/api/health`);
    expect(health.status).toBe(200);
    const stream = openRawStream(stack.urls.direct);
    try {
      await expect
        .poll(() => stream.state.events, {
          message: 'events through the edge after the restart',
          timeout: 10 * LAB.TICK_MS + 5000,
        })
        .toBeGreaterThanOrEqual(2);
    } finally {
      stream.close();
    }
  });

  test('stack @stack @server: with its process gone (a crash, as its slicer panics), make chaos FAULT=clear starts its container again', async ({
    stack,
    toxiproxy,
  }) => {
    await run('docker', stack.composeArgs('kill', 'toxiproxy'), { cwd: REPO_ROOT });
    const { stdout } = await run(
      'make',
      ['--no-print-directory', 'chaos', 'FAULT=clear', `TOXIPROXY_URL=${stack.urls.toxiproxy}`],
      { cwd: REPO_ROOT, timeout: 60_000 },
    );
    expect(stdout).toMatch(
      /restarted Toxiproxy's container \S+toxiproxy\S* \(it applied \S+populate\.e2e\.json again\); proxies .*edge.* back at/,
    );
    const proxies = await toxiproxy.proxies();
    for (const name of ['edge', 'upstream', 'edge-direct'])
      expect(proxies[name], `proxy ${name} after the restart`).toMatchObject({ enabled: true, toxics: [] });
    expect((await fetch(`${stack.urls.edge}/api/health`)).status).toBe(200);
  });
});
