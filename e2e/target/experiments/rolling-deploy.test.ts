import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeRollingDeploy } from '../verdicts/f13-rolling-deploy';
import type { ObservedPage } from './observed-page';
import { observeRollingDeploy } from './rolling-deploy';

type Log = { id: string; data: string }[];

/**
 * One app on a loopback port whose "deploy" ends every stream, as a restart does: on a shared log
 * the new process goes on from the same log; on per-process logs it starts a log of its own.
 */
async function appOnLog(shared: boolean) {
  let boot = 1;
  let log: Log = [];
  const append = () =>
    log.push({ id: `${shared ? 1 : boot}-${log.length + 1}`, data: `tick ${boot}.${log.length + 1}` });
  const ticking = setInterval(append, 100);
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    // A hello at each connection, with the connection's own data: not the feed.
    response.write(`retry: 100\nevent: hello\nid: ${log.at(-1)?.id ?? ''}\ndata: hello ${Math.random()}\n\n`);
    const last = request.headers['last-event-id'];
    let sent = last === undefined ? log.length : log.findIndex(({ id }) => id === last) + 1;
    const flush = () => {
      for (; sent < log.length; sent++) response.write(`id: ${log[sent]!.id}\ndata: ${log[sent]!.data}\n\n`);
    };
    const timer = setInterval(flush, 50);
    request.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    instanceStreams: async () => [
      { name: 'app-1', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` },
    ],
    deploy: async () => {
      // The old process goes on sending while it drains, then ends every stream.
      await new Promise((resolve) => setTimeout(resolve, 300));
      server.closeAllConnections();
      if (!shared) [boot, log] = [boot + 1, []];
      await new Promise((resolve) => setTimeout(resolve, 300));
      return ['app-1'];
    },
    close: () => {
      clearInterval(ticking);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A page whose observer has a message at every read: this test is about the wire. */
const livePage = { read: async () => [{ kind: 'message', at: Date.now() }] } as unknown as ObservedPage;

describe('observeRollingDeploy', () => {
  const apps: { close(): Promise<void> }[] = [];
  afterEach(async () => Promise.all(apps.splice(0).map((app) => app.close())));

  it('should find nothing lost through a deploy on a shared log, hellos aside: mitigated', async () => {
    const app = await appOnLog(true);
    apps.push(app);
    const observed = await observeRollingDeploy(livePage, app.url, { ...app, boundMs: 5_000 });
    expect(observed.connections).toBeGreaterThanOrEqual(2);
    expect(observed.read.length).toBeGreaterThan(0);
    expect(judgeRollingDeploy(observed)).toMatchObject({ outcome: 'mitigated', measured: { unknownToReplay: 0 } });
  });

  it('should find the events the old process sent unknown to the new one on per-process logs: reproduced', async () => {
    const app = await appOnLog(false);
    apps.push(app);
    const observed = await observeRollingDeploy(livePage, app.url, { ...app, boundMs: 5_000 });
    const verdict = judgeRollingDeploy(observed);
    expect(verdict.outcome).toBe('reproduced');
    expect(verdict.measured.unknownToReplay).toBeGreaterThan(0);
  });
});
