import { Socket } from 'node:net';
import { METRIC } from '@sse-lab/contract';
import { readSample } from '@sse-lab/contract/metrics-text';
import { startServer } from './server-process';
import { round } from './stats';

export interface SlowSoakSettings {
  clients: number;
  soakMs: number;
  /** SLOW_CLIENT_BUFFER_KB of the server; 0 = unbounded. */
  bufferKb: number;
  tickMs: number;
}

export interface SlowSoakResult extends SlowSoakSettings {
  /** Server RSS once every client is connected, and at the end of the soak (MB). */
  rssStartMB: number;
  rssEndMB: number;
  rssGrowthMB: number;
  /** The largest RSS seen during the soak (MB). */
  rssPeakMB: number;
  /** Streams the server ended as slow clients (`sse_streams_closed_total{reason="slow-client"}`). */
  droppedAsSlow: number;
  /** Streams still open at the end. */
  stillOpen: number;
  /** Seconds into the soak when the last client was dropped (null when not all were). */
  allDroppedAfterS: number | null;
}

const PORT = 3990;

/** A client that sends its request and never reads: its socket's buffers fill, then the server's. */
function nonReadingClient(port: number, localAddress: string): Socket {
  const socket = new Socket();
  socket.connect({ port, host: '127.0.0.1', localAddress }, () => {
    socket.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  });
  socket.on('error', () => undefined);
  // No 'data' listener and never resumed: Node reads at most one highWaterMark, then stops reading.
  socket.pause();
  return socket;
}

/**
 * N clients that never read, on a fast feed, for a bounded time: with a bound the server ends
 * each of them once it holds SLOW_CLIENT_BUFFER_KB for it, and its memory stays flat; without one
 * it keeps everything it could not send. The kernel takes the first megabytes of every socket
 * (the send buffer grows up to net.ipv4.tcp_wmem's maximum, 4 MB by default) before anything
 * waits in the process: at one event every 10 ms that takes about three minutes.
 */
export async function runSlowSoak(settings: SlowSoakSettings): Promise<SlowSoakResult> {
  const sut = await startServer('nestjs', PORT, {
    TICK_MS: String(settings.tickMs),
    HEARTBEAT_MS: '1000',
    REPLAY_SIZE: '100',
    SLOW_CLIENT_BUFFER_KB: String(settings.bufferKb),
    DEAD_PEER_MS: '0',
  });
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < settings.clients; i++) sockets.push(nonReadingClient(PORT, `127.0.0.${2 + (i % 50)}`));
    const deadline = Date.now() + 10_000;
    while ((await sut.activeStreams()) < settings.clients && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const mb = (bytes: number) => round(bytes / 2 ** 20, 1);
    const rssStart = sut.rssBytes();
    let rssPeak = rssStart;
    const startedAt = Date.now();
    const endAt = startedAt + settings.soakMs;
    const dropped = async () =>
      readSample(await (await fetch(`${sut.url}/api/metrics`)).text(), METRIC.streamsClosed, { reason: 'slow-client' });
    let allDroppedAt: number | null = null;
    while (Date.now() < endAt) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rssPeak = Math.max(rssPeak, sut.rssBytes());
      if (allDroppedAt === null && (await dropped()) >= settings.clients) allDroppedAt = Date.now();
    }
    const rssEnd = sut.rssBytes();
    return {
      ...settings,
      rssStartMB: mb(rssStart),
      rssEndMB: mb(rssEnd),
      rssGrowthMB: mb(rssEnd - rssStart),
      rssPeakMB: mb(rssPeak),
      droppedAsSlow: await dropped(),
      stillOpen: await sut.activeStreams(),
      allDroppedAfterS: allDroppedAt === null ? null : round((allDroppedAt - startedAt) / 1000, 0),
    };
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await sut.stop();
  }
}
