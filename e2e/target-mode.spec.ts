import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';
import { REPO_ROOT, TARGET_PORTS as PORTS } from './lab-settings';
import { startInjectProxy } from './target/inject-proxy';
import { OBSERVER_SCRIPT, readObserved } from './target/observer-script';
import { detectPageClient, streamPathOf } from './target/page-client';
import { loadTarget, type Target } from './target/target-file';
import { startTarget, stopTarget, TargetStartError } from './target/target-lifecycle';
import { describeTargetStack, type TargetStack } from './target/target-stack';
import { probeWire } from './target/wire-probe';

const run = promisify(execFile);

const SPIKE_FILE = join(REPO_ROOT, 'examples/spike/target.json');
const spike = (): Target => loadTarget(SPIKE_FILE);

async function runningContainers(project: string): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`]);
  return stdout.split('\n').filter(Boolean);
}

test.describe('target mode: the spike (examples/spike/target.json)', () => {
  let stack: TargetStack;

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    stack = describeTargetStack(spike(), { ports: PORTS });
    await startTarget(stack, { progress: (line) => console.log(line) });
  });

  test.afterAll(async () => {
    await stopTarget(stack);
    expect(await runningContainers(stack.project), 'nothing left running').toEqual([]);
  });

  test("target: the page's own EventSource seen from inside the page, through a proxy that adds the observer to its HTML", async ({
    tab,
  }) => {
    const inject = await startInjectProxy(stack.urls.edge, OBSERVER_SCRIPT);
    try {
      await tab.goto(`${inject.url}${stack.target.page}`);
      await tab.waitFor(
        () => {
          const events = (window as unknown as { __sseLabObserver?: { events: { kind: string }[] } }).__sseLabObserver
            ?.events;
          return (events ?? []).filter(({ kind }) => kind === 'message').length >= 2;
        },
        undefined,
        30_000,
      );
      const observed = await tab.evaluate(readObserved);
      expect(inject.injected()).toBeGreaterThanOrEqual(1);
      const client = detectPageClient(observed);
      expect(client).toEqual({ kind: 'eventsource', streams: ['/api/events'] });
      expect(streamPathOf(client), 'the stream found from the page is the one the file names').toBe(
        stack.target.stream,
      );
      expect(observed.some(({ kind }) => kind === 'open')).toBe(true);
      // The spike's ids are Nest's own counter: 1, 2, … on every connection.
      const ids = observed.filter(({ kind }) => kind === 'message').map(({ lastEventId }) => lastEventId);
      expect(ids.slice(0, 2)).toEqual(['1', '2']);
    } finally {
      await inject.close();
    }
  });

  test('target @target: the stack publishes on 127.0.0.1 only, and the wire shows what the spike lacks', async () => {
    const { stdout } = await run('docker', [...stack.composeArgs, 'config', '--format', 'json'], {
      env: { ...process.env, ...stack.env },
    });
    const config = JSON.parse(stdout) as { services: Record<string, { ports?: { host_ip?: string }[] }> };
    const hosts = Object.values(config.services).flatMap(({ ports = [] }) => ports.map((port) => port.host_ip));
    expect(hosts.length, 'the stack publishes its ports').toBeGreaterThan(0);
    expect(new Set(hosts), 'every port on 127.0.0.1 only').toEqual(new Set(['127.0.0.1']));

    // What the page cannot see, from the wire through the same edge: no retry:, no heartbeat, ids per connection.
    const { facts } = await probeWire(`${stack.urls.edge}${stack.target.stream}`, { watchMs: 7_000 });
    expect(facts).toMatchObject({
      status: 200,
      contentType: expect.stringContaining('text/event-stream'),
      retryMs: undefined,
      heartbeat: { kind: 'none' },
      ids: 'restart per connection',
    });
    expect(facts.eventsPerMinute, 'a message every 2 s').toBeGreaterThanOrEqual(15);
  });
});

test.describe('target mode: bad targets', () => {
  const badTargets: { field: string; change: Partial<Target>; says: RegExp }[] = [
    { field: 'port', change: { port: 3999 }, says: /got no answer from the app.*is "port" \(3999\)/s },
    {
      field: 'page',
      change: { page: '/api/nothing-here' },
      says: /answered 404; is "page" \(\/api\/nothing-here\) right\?/,
    },
  ];
  for (const { field, change, says } of badTargets) {
    test(`target @target: a wrong "${field}" is named in one answer within the bound, and nothing is left running`, async () => {
      test.setTimeout(300_000);
      // Built from the layers the spike's build left: seconds.
      const target: Target = { ...spike(), name: `spike-bad-${field}`, ...change };
      const stack = describeTargetStack(target, { ports: PORTS });
      const error = await startTarget(stack, { startTimeoutMs: 10_000 }).then(
        () => stopTarget(stack).then(() => new Error('the target started')),
        (failure: Error) => failure,
      );
      expect(error).toBeInstanceOf(TargetStartError);
      expect(error.message).toMatch(says);
      expect(error.message).toContain("the app's last log lines");
      expect(await runningContainers(stack.project)).toEqual([]);
    });
  }
});
