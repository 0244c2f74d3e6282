import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startServer, type RunningServer } from '../src/server';

export async function startApi(): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0 });
}

/** An upstream that echoes, or pushes `pushBytes` once per connection; remembers its sockets. */
export async function startUpstream(mode: 'echo' | { push: Buffer } = 'echo') {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'echo') socket.pipe(socket);
    else socket.end(mode.push);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
  };
}

export interface Received {
  at: number;
  data: Buffer;
}

/** A client socket that records what arrives, when, and how it ended. */
export async function connect(listen: string) {
  const port = Number(listen.split(':').pop());
  const socket = net.connect({ host: '127.0.0.1', port });
  const state = { received: [] as Received[], ended: false, error: undefined as NodeJS.ErrnoException | undefined, closedAt: 0 };
  socket.on('data', (data) => state.received.push({ at: Date.now(), data }));
  socket.on('end', () => (state.ended = true));
  socket.on('error', (error) => (state.error = error));
  socket.on('close', () => (state.closedAt = Date.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, state, text: () => Buffer.concat(state.received.map((r) => r.data)).toString() };
}

export async function until(check: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${message} (not within ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function api(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
