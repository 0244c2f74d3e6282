import net from 'node:net';
import { startTcpServer, writeEvery, type TcpServer } from '../src';

/** An upstream that writes `tick N\n` every `tickEveryMs` on each connection, or echoes. */
export const startUpstream = (mode: { tickEveryMs: number } | 'echo'): Promise<TcpServer> =>
  startTcpServer(
    mode === 'echo' ? (socket) => socket.pipe(socket) : writeEvery(mode.tickEveryMs, (n) => `tick ${n}\n`),
  );

export interface Received {
  at: number;
  data: Buffer;
}

/** A client socket that records what arrives, when, and how it ended. */
export async function connect(listen: string) {
  const port = Number(listen.split(':').pop());
  const socket = net.connect({ host: '127.0.0.1', port });
  const state = {
    received: [] as Received[],
    ended: false,
    error: undefined as NodeJS.ErrnoException | undefined,
    closedAt: 0,
  };
  socket.on('data', (data) => state.received.push({ at: Date.now(), data }));
  socket.on('end', () => (state.ended = true));
  socket.on('error', (error) => (state.error = error));
  socket.on('close', () => (state.closedAt = Date.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const bytes = () => state.received.reduce((sum, r) => sum + r.data.length, 0);
  return { socket, state, bytes, text: () => Buffer.concat(state.received.map((r) => r.data)).toString() };
}

/** Checks `check` every 10 ms for `ms`: fails at the first moment it does not hold. */
export async function holdsFor(ms: number, check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!check()) throw new Error(`${what} stopped holding after ${ms - (end - Date.now())} ms of ${ms}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
