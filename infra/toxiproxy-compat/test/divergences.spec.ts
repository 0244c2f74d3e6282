import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listenOnFirst } from '../src/proxy';
import type { RunningServer } from '../src/server';
import { slicer } from '../src/toxics/slicer';
import type { LinkControl } from '../src/toxics/toxic';
import { api, connect, startApi, startUpstream, until } from './support';

type Upstream = Awaited<ReturnType<typeof startUpstream>>;

/** Behaviours where the stand-in once differed from Toxiproxy (shared/reference/toxiproxy-api.md). */
describe('conformance with Toxiproxy where the stand-in once diverged', () => {
  let server: RunningServer;
  let upstream: Upstream | undefined;

  beforeEach(async () => {
    server = await startApi();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await server.close();
    await upstream?.close();
  });

  async function proxyTo(target: Upstream, listen = '127.0.0.1:0') {
    upstream = target;
    const res = await api(server.url, 'POST', '/proxies', { name: 'p', listen, upstream: target.address });
    return JSON.parse(res.text).listen as string;
  }

  it('slicer: sub-millisecond delays add up to N × delay instead of 1 ms per piece', async () => {
    const waits: number[] = [];
    const link: LinkControl = { close: () => undefined, closeAfterWrite: () => undefined, random: () => 0.5, interrupted: false, wait: async (ms) => void waits.push(ms) };
    const pieces: Buffer[] = [];
    for await (const piece of await slicer.chunk!({ data: Buffer.alloc(200), arrivedAt: 0 }, { average_size: 1, size_variation: 0, delay: 100 }, link, undefined)) pieces.push(piece);
    expect(pieces).toHaveLength(200);
    expect(waits.every((ms) => Number.isInteger(ms) && ms >= 1)).toBe(true);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(20);
  });

  it('disabling a proxy resets (RST) a connection armed by reset_peer', async () => {
    const listen = await proxyTo(await startUpstream({ push: Buffer.from('hello') }));
    // On the client→server direction, which stays idle: it arms the connection and never fires.
    await api(server.url, 'POST', '/proxies/p/toxics', { type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } });
    const client = await connect(listen);
    await until(() => client.text() === 'hello', 2000, 'connection established through the proxy');
    await api(server.url, 'PATCH', '/proxies/p', { enabled: false });
    await until(() => client.state.closedAt > 0, 2000, 'connection closed');
    expect(client.state.error?.code).toBe('ECONNRESET');
  });

  it('a connection closed by a toxic while its peer does not read is still killed by disabling the proxy', async () => {
    const payload = Buffer.alloc(16 * 1024 * 1024, 'x');
    const listen = await proxyTo(await startUpstream({ push: payload }));
    await api(server.url, 'POST', '/proxies/p/toxics', { type: 'limit_data', attributes: { bytes: payload.length - 1 } });
    const client = await connect(listen);
    client.socket.pause();
    // The toxic has closed the link; megabytes still wait for a client that does not read.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await api(server.url, 'PATCH', '/proxies/p', { enabled: false });
    client.socket.resume();
    await until(() => client.state.closedAt > 0, 5000, 'connection gone');
    const received = client.state.received.reduce((sum, r) => sum + r.data.length, 0);
    expect(received).toBeLessThan(payload.length - 1);
  });

  it('copies the toxic chain once the upstream dial succeeded: a toxic added during the dial applies', async () => {
    const listen = await proxyTo(await startUpstream());
    const dial = net.connect;
    let dialing!: () => void;
    const dialStarted = new Promise<void>((resolve) => (dialing = resolve));
    const client = connect(listen); // the test's own dial, before the proxy's is slowed down
    vi.spyOn(net, 'connect').mockImplementation(((options: net.NetConnectOpts) => {
      const socket = new net.Socket();
      dialing();
      setTimeout(() => socket.connect(options as net.TcpSocketConnectOpts), 300);
      return socket;
    }) as typeof net.connect);
    await dialStarted;
    vi.mocked(net.connect).mockImplementation(dial);
    await api(server.url, 'POST', '/proxies/p/toxics', { type: 'latency', attributes: { latency: 400 } });
    const { socket, text } = await client;
    socket.write('one');
    await until(() => text() === 'one', 5000, 'first echo, once the dial is done');
    const sent = Date.now();
    socket.write('two');
    await until(() => text() === 'onetwo', 5000, 'second echo');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(390);
    socket.destroy();
  });

  it('populate keeps the old proxy (stopped) when its replacement cannot listen', async () => {
    const oldListen = await proxyTo(await startUpstream());
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    const res = await api(server.url, 'POST', '/populate', [{ name: 'p', listen: `127.0.0.1:${takenPort}`, upstream: upstream!.address }]);
    expect(res.status).toBe(500);
    const old = await api(server.url, 'GET', '/proxies/p');
    expect(old.status).toBe(200);
    expect(JSON.parse(old.text)).toMatchObject({ listen: oldListen, enabled: false });
    taken.close();
  });

  it('falls back to 0.0.0.0 when IPv6 is not available for "all interfaces"', async () => {
    const create = ((options: net.ServerOpts, listener: (socket: net.Socket) => void) => {
      const created = net.createServer(options, listener);
      const listen = created.listen.bind(created);
      created.listen = ((port: number, host: string, callback: () => void) => {
        if (host === '::') {
          process.nextTick(() => created.emit('error', Object.assign(new Error('listen EAFNOSUPPORT'), { code: 'EAFNOSUPPORT' })));
          return created;
        }
        return listen(port, host, callback);
      }) as typeof created.listen;
      return created;
    }) as typeof net.createServer;
    const { server: bound, host } = await listenOnFirst(['::', '0.0.0.0'], 0, () => undefined, create);
    expect(host).toBe('0.0.0.0');
    expect((bound.address() as net.AddressInfo).family).toBe('IPv4');
    const port = (bound.address() as net.AddressInfo).port;
    await expect(listenOnFirst(['0.0.0.0', '127.0.0.1'], port, () => undefined), 'a port in use is final, not a reason to try the next host').rejects.toThrow(/EADDRINUSE/);
    bound.close();
  });

  it('adding a toxic re-rolls the toxicity of the one before it in the chain', async () => {
    const listen = await proxyTo(await startUpstream());
    await api(server.url, 'POST', '/proxies/p/toxics', { name: 'slow', type: 'latency', toxicity: 0.5, attributes: { latency: 400 } });
    const rolls = [0.9, 0.1, 0.1]; // "slow" at connect: inactive; its re-roll when "after" is added: active; "after"'s own roll
    vi.spyOn(Math, 'random').mockImplementation(() => rolls.shift() ?? 0.5);
    const { socket, text } = await connect(listen);
    socket.write('one');
    await until(() => text() === 'one', 2000, 'echo while "slow" is inactive');
    await api(server.url, 'POST', '/proxies/p/toxics', { name: 'after', type: 'noop' });
    const sent = Date.now();
    socket.write('two');
    await until(() => text() === 'onetwo', 5000, 'second echo');
    expect(rolls).toEqual([]);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(390);
    socket.destroy();
  });

  it('adding a toxic interrupts only the one before it: data waiting earlier in the chain keeps waiting', async () => {
    const listen = await proxyTo(await startUpstream());
    // Upstream direction: client → first (slicer, 1 byte per 300 ms) → last (noop) → echo server.
    await api(server.url, 'POST', '/proxies/p/toxics', { name: 'first', type: 'slicer', stream: 'upstream', attributes: { average_size: 1, size_variation: 0, delay: 300_000 } });
    await api(server.url, 'POST', '/proxies/p/toxics', { name: 'last', type: 'noop', stream: 'upstream' });
    const { socket, state } = await connect(listen);
    socket.write('abcd');
    await until(() => state.received.length >= 1, 2000, 'the first byte');
    await api(server.url, 'POST', '/proxies/p/toxics', { name: 'added', type: 'noop', stream: 'upstream' });
    // Interrupting "first" would send the rest of its chunk in one piece at once: for the next
    // 200 ms (less than its 300 ms step) only the first byte may have arrived.
    const windowEnd = Date.now() + 200;
    while (Date.now() < windowEnd) {
      expect(Buffer.concat(state.received.map((r) => r.data)).toString()).toBe('a');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await until(() => state.received.length === 4, 3000, 'the rest, one byte at a time');
    socket.destroy();
  });
});
