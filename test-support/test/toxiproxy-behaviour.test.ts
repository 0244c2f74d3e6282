import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startToxiproxy, waitUntil, type ToxiproxyServer } from '../src';
import { connect, holdsFor, startUpstream } from './sockets';

/**
 * The Toxiproxy behaviour the chaos catalogue and the findings rely on, pinned against the real
 * binary the lab runs. When a Toxiproxy upgrade changes one of these, the test names the fault
 * (and so the findings) whose meaning changed. Source of each: shared/reference/toxiproxy-api.md.
 */
describe('Toxiproxy behaviour the faults rely on', () => {
  let toxiproxy: ToxiproxyServer;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let echo: Awaited<ReturnType<typeof startUpstream>>;
  const TICK_MS = 20;

  beforeAll(async () => {
    toxiproxy = await startToxiproxy();
    upstream = await startUpstream({ tickEveryMs: TICK_MS });
    echo = await startUpstream('echo');
  });
  afterAll(async () => {
    await toxiproxy?.stop();
    await upstream?.close();
    await echo?.close();
  });
  afterEach(async () => {
    for (const name of Object.keys(await toxiproxy.admin.proxies())) await toxiproxy.admin.deleteProxy(name);
  });

  const proxyTo = async (target: { address: string }, name = 'p') =>
    (await toxiproxy.admin.createProxy({ name, listen: '127.0.0.1:0', upstream: target.address })).listen;

  it('reports the version the lab pins', async () => {
    expect(await toxiproxy.admin.version()).toBe('2.12.0');
  });

  it('silence (timeout 0): the socket stays open and data is dropped; removing the toxic closes the connection (F1)', async () => {
    const listen = await proxyTo(upstream);
    const client = await connect(listen);
    await waitUntil(() => client.bytes() > 0, 2000, 'ticks flow before the toxic');
    await toxiproxy.admin.addToxic('p', { name: 'silence', type: 'timeout', attributes: { timeout: 0 } });
    const before = client.bytes();
    await holdsFor(
      20 * TICK_MS,
      () => client.state.closedAt === 0 && client.bytes() === before,
      'open and silent under timeout 0',
    );
    await toxiproxy.admin.removeToxic('p', 'silence');
    await waitUntil(() => client.state.closedAt > 0, 2000, 'the connection closed once the timeout toxic is removed');
  });

  it('stall (bandwidth 0): nothing passes and the connection stays open (F2 dead peer)', async () => {
    const listen = await proxyTo(upstream);
    const client = await connect(listen);
    await waitUntil(() => client.bytes() > 0, 2000, 'ticks flow before the toxic');
    await toxiproxy.admin.addToxic('p', { name: 'stall', type: 'bandwidth', attributes: { rate: 0 } });
    // What was already read when the toxic arrived may still go out; after that, nothing.
    await new Promise((resolve) => setTimeout(resolve, 5 * TICK_MS));
    const stalledAt = client.bytes();
    await holdsFor(
      20 * TICK_MS,
      () => client.state.closedAt === 0 && client.bytes() === stalledAt,
      'open and stalled under bandwidth 0',
    );
    client.socket.destroy();
  });

  it('reset (reset_peer): a connection opened while the toxic exists is reset (RST) when data next flows (F2, F5)', async () => {
    await proxyTo(upstream);
    await toxiproxy.admin.addToxic('p', { name: 'reset', type: 'reset_peer', attributes: { timeout: 0 } });
    const listen = (await toxiproxy.admin.proxy('p')).listen;
    const client = await connect(listen);
    await waitUntil(() => client.state.closedAt > 0, 2000, 'the connection ended');
    expect(client.state.error?.code).toBe('ECONNRESET');
  });

  it('reset (reset_peer): a connection opened before the toxic is closed with a FIN, not reset', async () => {
    const listen = await proxyTo(upstream);
    const client = await connect(listen);
    await waitUntil(() => client.bytes() > 0, 2000, 'ticks flow before the toxic');
    await toxiproxy.admin.addToxic('p', { name: 'reset', type: 'reset_peer', attributes: { timeout: 0 } });
    await waitUntil(() => client.state.closedAt > 0, 2000, 'the connection ended');
    expect(client.state.ended).toBe(true);
    expect(client.state.error).toBeUndefined();
  });

  it('down (proxy disabled): open connections are dropped and new ones refused until it is enabled again (F10, F12)', async () => {
    const listen = await proxyTo(upstream);
    const client = await connect(listen);
    await waitUntil(() => client.bytes() > 0, 2000, 'ticks flow');
    const disabled = await toxiproxy.admin.setEnabled('p', false);
    expect(disabled).toMatchObject({ enabled: false, listen });
    await waitUntil(() => client.state.closedAt > 0, 2000, 'the open connection dropped');
    await expect(connect(listen)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await toxiproxy.admin.setEnabled('p', true);
    const again = await connect(listen);
    await waitUntil(() => again.bytes() > 0, 2000, 'ticks flow on a new connection once enabled');
    again.socket.destroy();
  });

  it('cut (limit_data): exactly N more bytes pass, then the connection closes', async () => {
    const listen = await proxyTo(echo);
    const client = await connect(listen);
    await toxiproxy.admin.addToxic('p', { name: 'cut', type: 'limit_data', attributes: { bytes: 10 } });
    client.socket.write('0123456789abcdef');
    await waitUntil(() => client.state.closedAt > 0, 2000, 'the connection closed after the limit');
    expect(client.text()).toBe('0123456789');
  });

  it('latency added to an open connection holds its next data for the latency', async () => {
    const latencyMs = 600;
    const listen = await proxyTo(echo);
    const client = await connect(listen);
    client.socket.write('one');
    await waitUntil(() => client.text() === 'one', 2000, 'first echo before the toxic');
    await toxiproxy.admin.addToxic('p', {
      name: 'latency',
      type: 'latency',
      attributes: { latency: latencyMs, jitter: 0 },
    });
    const sentAt = Date.now();
    client.socket.write('two');
    await waitUntil(() => client.text() === 'onetwo', 5 * latencyMs, 'second echo');
    expect(client.state.received.at(-1)!.at - sentAt).toBeGreaterThanOrEqual(latencyMs - 10);
    client.socket.destroy();
  });

  it('slice (slicer): one write arrives in several pieces, in order and whole', async () => {
    const listen = await proxyTo(echo);
    const client = await connect(listen);
    await toxiproxy.admin.addToxic('p', {
      name: 'slice',
      type: 'slicer',
      attributes: { average_size: 4, size_variation: 2, delay: 2000 },
    });
    const payload = 'data: {"seq":1,"value":42}\n\n';
    client.socket.write(payload);
    await waitUntil(() => client.text() === payload, 3000, 'the whole payload');
    expect(client.state.received.length).toBeGreaterThan(2);
    client.socket.destroy();
  });

  it('clear (POST /reset): toxics removed and proxies enabled, other connections kept', async () => {
    const listen = await proxyTo(echo);
    const client = await connect(listen);
    await toxiproxy.admin.addToxic('p', { name: 'latency', type: 'latency', attributes: { latency: 100 } });
    await proxyTo(upstream, 'other');
    await toxiproxy.admin.setEnabled('other', false);
    await toxiproxy.admin.reset();
    const proxies = await toxiproxy.admin.proxies();
    expect(proxies.p).toMatchObject({ enabled: true, toxics: [] });
    expect(proxies.other).toMatchObject({ enabled: true, toxics: [] });
    client.socket.write('still here');
    await waitUntil(() => client.text() === 'still here', 2000, 'the connection survives the reset');
    client.socket.destroy();
  });
});
