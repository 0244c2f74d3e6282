import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHttp } from './loopback-http';
import { startResumingReader } from './resuming-reader';
import { pollFor } from './poll';

describe('startResumingReader', () => {
  const servers = loopbackHttp();
  afterEach(() => servers.closeAll());

  it('should reconnect after each end with the last id it read, after the server’s retry:', async () => {
    const asked: (string | undefined)[] = [];
    const url = await servers.serve((request, response) => {
      const last = request.headers['last-event-id'] as string | undefined;
      asked.push(last);
      const next = last === undefined ? 1 : Number(last) + 1;
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      // Two events a connection, then the connection ends: a deploy, a proxy's cut.
      response.end(`retry: 50\n\nid: ${next}\ndata: n${next}\n\nid: ${next + 1}\ndata: n${next + 1}\n\n`);
    });
    const reader = startResumingReader(url);
    await pollFor(
      async () => reader.events().length,
      (count) => count >= 6,
      { timeoutMs: 5_000 },
    );
    const { events, connections } = await reader.stop();
    expect(connections).toBeGreaterThanOrEqual(3);
    expect(asked.slice(0, 3)).toEqual([undefined, '2', '4']);
    expect(events.slice(0, 6).map(({ id }) => id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(new Set(events.map(({ dataDigest }) => dataDigest)).size).toBe(events.length);
  });
});
