import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoadGenerator } from './generator-client';

/** A server with the lab's framing that replays after Last-Event-ID, and can refuse or lose on demand. */
function resumingServer() {
  const events: number[] = [];
  const open = new Set<http.ServerResponse>();
  const lastEventIds: string[] = [];
  const faults = { refuse: 0, skipOnReplay: undefined as number | undefined };
  const frame = (seq: number) => `id: b-${seq}\ndata: {"seq":${seq},"ts":${Date.now()}}\n\n`;
  const server = http.createServer((req, res) => {
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string') lastEventIds.push(lastEventId);
    if (faults.refuse > 0) {
      faults.refuse--;
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const after = typeof lastEventId === 'string' ? Number(lastEventId.split('-')[1]) : events.length;
    res.write(
      `event: hello\ndata: {}\n\n${events
        .filter((seq) => seq > after && seq !== faults.skipOnReplay)
        .map(frame)
        .join('')}`,
    );
    open.add(res);
    res.on('close', () => open.delete(res));
  });
  return {
    server,
    lastEventIds,
    faults,
    push(count: number) {
      for (let i = 0; i < count; i++) {
        events.push(events.length + 1);
        for (const res of open) res.write(frame(events.length));
      }
    },
    dropAll: () => server.closeAllConnections(),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stream`),
        ),
      ),
  };
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the load generator after the server went away', () => {
  let generator: LoadGenerator | undefined;
  let fake: ReturnType<typeof resumingServer> | undefined;
  afterEach(() => {
    generator?.stop();
    fake?.server.closeAllConnections();
    fake?.server.close();
  });

  async function streamsCutAfter(events: number, streams: number) {
    fake = resumingServer();
    const url = await fake.listen();
    generator = LoadGenerator.start();
    expect((await generator.openStreams(url, streams)).connected).toBe(streams);
    fake.push(events);
    const g = generator;
    await until(
      () => g.positions(),
      (p) => p.minSeq === events,
      'every stream at the last event',
    );
    fake.dropAll();
    await until(
      () => g.positions(),
      (p) => p.open === 0,
      'every stream cut',
    );
    return { url, generator: g, fake };
  }

  it('should resume every stream from its last id and time it until each has all it missed', async () => {
    const { url, generator: g, fake: server } = await streamsCutAfter(3, 5);
    server.push(5);
    const resumed = await g.resume(url, 8, 10_000);
    expect(server.lastEventIds).toEqual(Array(5).fill('b-3'));
    expect(resumed).toMatchObject({ resumed: 5, refused: 0, withoutId: 0, caughtUp: 5, missed: 0, resets: 0 });
    expect(resumed.firstEventMs).toHaveLength(5);
    expect((await g.positions()).minSeq).toBe(8);
  });

  it('should count a refused reconnect, and the events a replay left out', async () => {
    const { url, generator: g, fake: server } = await streamsCutAfter(3, 4);
    server.push(5);
    server.faults.refuse = 1;
    server.faults.skipOnReplay = 6;
    const resumed = await g.resume(url, 8, 10_000);
    expect(resumed).toMatchObject({ resumed: 3, refused: 1, refusedBy: { 'HTTP 503': 1 }, caughtUp: 3, missed: 3 });
  });
});
