import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSpinDownConfig } from './spin-down/config.mjs';
import { spinDownProxy } from './spin-down/spin-down.mjs';
import { holdsFor } from '../support/holds-for';

const SLEEP_AFTER_MS = 300;
const BOOT_MS = 200;

/** An app that echoes, stopped and started by the proxy as the Docker engine would, booting in BOOT_MS. */
function fakeApp() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  const calls: string[] = [];
  const listen = () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const app = {
    calls,
    port: 0,
    async boot() {
      await listen();
      app.port = (server.address() as net.AddressInfo).port;
    },
    engine: {
      async stop() {
        calls.push('stop');
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
      async start() {
        calls.push('start');
        await new Promise((resolve) => setTimeout(resolve, BOOT_MS));
        await new Promise<void>((resolve) => server.listen(app.port, '127.0.0.1', resolve));
      },
      async ready() {
        calls.push('ready');
      },
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
  return app;
}

const closers: (() => unknown)[] = [];
afterEach(async () => {
  // Last opened, first closed: a server closes once its connections have.
  for (const close of closers.splice(0).reverse()) await close();
});

async function start(streamIsTraffic: boolean, sleepAfterMs = SLEEP_AFTER_MS) {
  const app = fakeApp();
  await app.boot();
  const log: Record<string, unknown>[] = [];
  const proxy = spinDownProxy({
    upstream: { host: '127.0.0.1', port: app.port },
    sleepAfterMs,
    streamIsTraffic,
    engine: app.engine,
    log: (line) => log.push(line),
    checkEveryMs: 20,
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => proxy.close(resolve)), app.close);
  return { app, log, port: (proxy.address() as net.AddressInfo).port };
}

/** A client that sends `hello` and keeps what comes back, and whether it was cut. */
async function client(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  closers.push(() => socket.destroy());
  const seen = { text: '', closed: false };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (seen.text += chunk));
  socket.on('close', () => (seen.closed = true));
  socket.on('error', () => undefined);
  socket.write('hello');
  return { socket, seen };
}

describe('spinDownProxy', () => {
  it('forwards both ways while the app is awake', async () => {
    const { port, app } = await start(false, 60_000);
    const { seen } = await client(port);
    await expect.poll(() => seen.text).toBe('hello');
    expect(app.calls).toEqual([]);
  });

  it('stops the app after its idle time though a stream is open, when a stream is not traffic', async () => {
    const { port, app, log } = await start(false);
    const stream = await client(port);
    await expect.poll(() => stream.seen.text).toBe('hello');
    await expect.poll(() => app.calls, { timeout: 5_000 }).toEqual(['stop']);
    await expect.poll(() => stream.seen.closed).toBe(true);
    expect(log.find(({ event }) => event === 'sleep')).toMatchObject({ openConnections: 1 });
  });

  it('holds the next connection through the cold start, then serves it', async () => {
    const { port, app, log } = await start(false);
    await expect.poll(() => app.calls, { timeout: 5_000 }).toEqual(['stop']);
    const { seen } = await client(port);
    await expect.poll(() => seen.text, { timeout: 5_000 }).toBe('hello');
    expect(app.calls).toEqual(['stop', 'start', 'ready']);
    const awake = log.find(({ event }) => event === 'awake');
    expect(awake?.bootMs).toBeGreaterThanOrEqual(BOOT_MS);
  });

  it('stays awake while a stream is open when a stream is traffic, and sleeps after it ends', async () => {
    const { port, app } = await start(true);
    const stream = await client(port);
    await holdsFor(
      () => app.calls.length,
      (calls) => calls === 0,
      3 * SLEEP_AFTER_MS,
      'awake with a stream open',
    );
    stream.socket.destroy();
    await expect.poll(() => app.calls, { timeout: 5_000 }).toEqual(['stop']);
  });
});

describe('parseSpinDownConfig', () => {
  const valid = {
    listenPort: 80,
    upstream: 'toxiproxy:8081',
    readyAt: 'app-back:3000',
    service: 'app',
    sleepAfterMs: 45_000,
    streamIsTraffic: false,
  };

  it('reads the addresses', () => {
    expect(parseSpinDownConfig(valid)).toMatchObject({
      upstream: { host: 'toxiproxy', port: 8081 },
      readyAt: { host: 'app-back', port: 3000 },
    });
  });

  it('names each bad field', () => {
    expect(() => parseSpinDownConfig({ ...valid, upstream: 'toxiproxy' })).toThrow(/^upstream: expected host:port/);
    expect(() => parseSpinDownConfig({ ...valid, sleepAfterMs: -1 })).toThrow(/^sleepAfterMs:/);
    expect(() => parseSpinDownConfig({ ...valid, streamIsTraffic: 'yes' })).toThrow(/^streamIsTraffic:/);
    expect(() => parseSpinDownConfig({ ...valid, service: '' })).toThrow(/^service:/);
  });
});
