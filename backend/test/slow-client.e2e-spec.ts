import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { metric, startLab, type LabServer } from './support/lab-server';
import { SseConnection } from './support/sse-connection';
import { waitUntil } from '@sse-lab/test-support';

/** A client that sends its request and then never reads a byte. */
function openNonReader(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET /api/stream HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

describe('slow clients', () => {
  let lab: LabServer;
  afterEach(() => lab.close());

  it('should drop a client that does not read once it holds SLOW_CLIENT_BUFFER_KB, and keep one that reads at the same rate', async () => {
    lab = await startLab({
      HEARTBEAT_MS: '200',
      SLOW_CLIENT_BUFFER_KB: '256',
      DEAD_PEER_MS: '0',
      MAX_STREAMS_PER_IP: '0',
    });
    const stuck = await openNonReader(lab.url);
    const reader = await SseConnection.open(`${lab.url}/api/stream`);
    await waitUntil(async () => metric(await lab.metrics(), 'sse_active_streams') === 2, 2000, 'both streams open');
    // About 3 MB a second, in slices, so that heartbeats (and the checks) run in between.
    for (
      let slice = 0;
      slice < 100 && metric(await lab.metrics(), 'sse_streams_closed_total', { reason: 'slow-client' }) === 0;
      slice++
    ) {
      for (let i = 0; i < 2000; i++) lab.feed.publish();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const text = await lab.metrics();
    expect(metric(text, 'sse_streams_closed_total', { reason: 'slow-client' })).toBe(1);
    expect(metric(text, 'sse_active_streams')).toBe(1);
    await waitUntil(() => reader.frames.at(-1)?.id === lab.feed.lastId, 10_000, 'the reader has every event');
    expect(reader.ended).toBe(false);
    stuck.destroy();
    reader.destroy();
  }, 30_000);
});
