import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server';
import { api, connect, startApi, startUpstream, until } from './support';

type Upstream = Awaited<ReturnType<typeof startUpstream>>;

describe('toxics on real sockets', () => {
  let server: RunningServer;
  let upstream: Upstream;
  let listen: string;
  const toxic = (body: unknown) => api(server.url, 'POST', '/proxies/p/toxics', body);

  async function proxyTo(target: Upstream) {
    upstream = target;
    const res = await api(server.url, 'POST', '/proxies', { name: 'p', listen: '127.0.0.1:0', upstream: target.address });
    listen = JSON.parse(res.text).listen;
  }

  /** Writes `message` and resolves with the round trip through the echo upstream. */
  async function roundTrip(message = 'ping') {
    const client = await connect(listen);
    const sent = Date.now();
    client.socket.write(message);
    await until(() => client.text().length >= message.length, 5000, 'echo');
    client.socket.destroy();
    return { ms: Date.now() - sent, text: client.text() };
  }

  beforeEach(async () => {
    server = await startApi();
  });
  afterEach(async () => {
    await server.close();
    await upstream?.close();
  });

  it('passes data through untouched and without delay when there is no toxic', async () => {
    await proxyTo(await startUpstream());
    const { ms, text } = await roundTrip('x'.repeat(65536));
    expect(text).toBe('x'.repeat(65536));
    expect(ms).toBeLessThan(500);
  });

  it('latency adds at least the configured delay in its direction', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'latency', attributes: { latency: 150 } });
    expect((await roundTrip()).ms).toBeGreaterThanOrEqual(150);
    await toxic({ type: 'latency', stream: 'upstream', attributes: { latency: 150 } });
    expect((await roundTrip()).ms).toBeGreaterThanOrEqual(300);
  });

  it('jitter spreads the latency around its value', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'latency', attributes: { latency: 100, jitter: 80 } });
    const times: number[] = [];
    for (let i = 0; i < 8; i++) times.push((await roundTrip()).ms);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(15);
  });

  it('bandwidth holds the rate within a tolerance', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'bandwidth', attributes: { rate: 100 } }); // 100 KB/s
    const { ms } = await roundTrip('y'.repeat(50_000)); // 500 ms at the rate
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1500);
  });

  it('timeout 0 drops data and keeps the socket open; removing it closes the connection', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'timeout', attributes: { timeout: 0 } });
    const client = await connect(listen);
    client.socket.write('lost');
    await until(() => upstream.sockets.size === 1, 2000, 'upstream connection');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.state.received).toEqual([]);
    expect(client.state.ended).toBe(false);
    await api(server.url, 'DELETE', '/proxies/p/toxics/timeout_downstream');
    await until(() => client.state.ended, 2000, 'connection closed on removal');
  });

  it('timeout > 0 closes the connection after that much silence', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'timeout', attributes: { timeout: 200 } });
    const client = await connect(listen);
    const opened = Date.now();
    await until(() => client.state.ended, 2000, 'closed by the timeout');
    expect(Date.now() - opened).toBeGreaterThanOrEqual(180);
  });

  it('timeout applies to connections that were already open', async () => {
    await proxyTo(await startUpstream());
    const client = await connect(listen);
    client.socket.write('before');
    await until(() => client.text() === 'before', 2000, 'echo before the toxic');
    await toxic({ type: 'timeout', attributes: { timeout: 0 } });
    client.socket.write('after');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.text()).toBe('before');
    expect(client.state.ended).toBe(false);
  });

  it('reset_peer resets new connections (ECONNRESET)', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'reset_peer', stream: 'upstream', attributes: { timeout: 0 } });
    const client = await connect(listen);
    client.socket.write('trigger');
    await until(() => client.state.closedAt > 0, 2000, 'connection reset');
    expect(client.state.error?.code).toBe('ECONNRESET');
  });

  it('limit_data closes after N bytes', async () => {
    await proxyTo(await startUpstream({ push: Buffer.from('0123456789abcdef') }));
    await toxic({ type: 'limit_data', attributes: { bytes: 10 } });
    const client = await connect(listen);
    await until(() => client.state.closedAt > 0, 2000, 'closed after the limit');
    expect(client.text()).toBe('0123456789');
  });

  it('slicer splits writes into small pieces', async () => {
    await proxyTo(await startUpstream({ push: Buffer.from('z'.repeat(64)) }));
    await toxic({ type: 'slicer', attributes: { average_size: 4, size_variation: 0, delay: 2000 } });
    const client = await connect(listen);
    await until(() => client.text().length === 64, 3000, 'all bytes');
    expect(client.state.received.length).toBeGreaterThanOrEqual(8);
  });

  it('slow_close delays the close', async () => {
    await proxyTo(await startUpstream({ push: Buffer.from('bye') }));
    await toxic({ type: 'slow_close', attributes: { delay: 300 } });
    const client = await connect(listen);
    const opened = Date.now();
    await until(() => client.state.ended, 3000, 'closed');
    expect(client.text()).toBe('bye');
    expect(Date.now() - opened).toBeGreaterThanOrEqual(280);
  });

  it('toxicity 0 leaves the connection alone, toxicity 1 always applies', async () => {
    await proxyTo(await startUpstream());
    await toxic({ type: 'latency', toxicity: 0, attributes: { latency: 500 } });
    expect((await roundTrip()).ms).toBeLessThan(400);
    await api(server.url, 'PATCH', '/proxies/p/toxics/latency_downstream', { toxicity: 1 });
    expect((await roundTrip()).ms).toBeGreaterThanOrEqual(500);
  });

  it('upstream toxics act on client→server data only', async () => {
    await proxyTo(await startUpstream({ push: Buffer.from('hello') }));
    await toxic({ type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
    const client = await connect(listen);
    await until(() => client.text() === 'hello', 2000, 'downstream data still flows');
  });

  it('disabling a proxy closes its listener and its connections', async () => {
    await proxyTo(await startUpstream());
    const client = await connect(listen);
    await api(server.url, 'PATCH', '/proxies/p', { enabled: false });
    await until(() => client.state.closedAt > 0, 2000, 'connection closed');
    await expect(connect(listen)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('connects then closes when the upstream is down', async () => {
    await proxyTo(await startUpstream());
    await upstream.close();
    const client = await connect(listen);
    await until(() => client.state.ended, 2000, 'EOF from an unreachable upstream');
  });
});
