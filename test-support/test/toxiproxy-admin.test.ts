import { ToxiproxyError as PackageError } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  isUnresponsive,
  startTcpServer,
  startToxiproxy,
  ToxiproxyAdmin,
  ToxiproxyError,
  ToxiproxyTimeoutError,
  type ToxiproxyServer,
} from '../src';

/** A server that accepts connections and never answers: what a wedged or paused Toxiproxy looks like. */
async function silentServer() {
  const server = await startTcpServer(() => undefined);
  return { url: `http://${server.address}`, close: server.close };
}

describe('ToxiproxyAdmin', () => {
  it('bounds every call, and a call that runs out names itself and its proxy', async () => {
    const silent = await silentServer();
    try {
      const admin = new ToxiproxyAdmin(silent.url, { timeoutMs: 300 });
      const started = Date.now();
      const error = await admin.removeToxic('edge', 'chaos_latency').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(ToxiproxyTimeoutError);
      expect((error as Error).message).toBe(
        `Toxiproxy at ${silent.url} did not answer DELETE /proxies/edge/toxics/chaos_latency (proxy "edge") within 300 ms`,
      );
      expect(isUnresponsive(error)).toBe(true);
      // Through the package's own calls (Toxiproxy.reset, createProxy), on its HTTP client: bounded too, and still the package's error type.
      await expect(admin.reset()).rejects.toThrow(`did not answer POST /reset within 300 ms`);
      const created = await admin
        .createProxy({ name: 'p', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' })
        .catch((e: unknown) => e);
      expect(created).toBeInstanceOf(PackageError);
      expect((created as Error).message).toBe(`Toxiproxy at ${silent.url} did not answer POST /proxies within 300 ms`);
    } finally {
      await silent.close();
    }
  });

  it('says when nothing listens', async () => {
    const port = await freePort();
    const error = await new ToxiproxyAdmin(`http://127.0.0.1:${port}`).proxies().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToxiproxyError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Toxiproxy at http://127.0.0.1:${port} cannot be reached for GET /proxies: .*ECONNREFUSED`),
    );
    expect(isUnresponsive(error)).toBe(true);
  });

  describe('against the real server', () => {
    let toxiproxy: ToxiproxyServer;
    beforeAll(async () => {
      toxiproxy = await startToxiproxy();
    });
    afterAll(() => toxiproxy?.stop());

    it('passes on Toxiproxy\'s own error with its status, which is not "unresponsive"', async () => {
      const error = await toxiproxy.admin.proxy('nowhere').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 404, call: 'GET /proxies/nowhere' });
      expect((error as Error).message).toBe(
        `Toxiproxy at ${toxiproxy.url} answered 404 to GET /proxies/nowhere (proxy "nowhere"): proxy not found`,
      );
      expect(isUnresponsive(error)).toBe(false);
    });

    it('creates, toggles and resets proxies; a missing toxic is undefined and removing it again is fine', async () => {
      const created = await toxiproxy.admin.createProxy({ name: 'p', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' });
      expect(created.listen).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(await toxiproxy.admin.setEnabled('p', false)).toMatchObject({ enabled: false, listen: created.listen });
      await toxiproxy.admin.addToxic('p', { name: 'slow', type: 'latency', attributes: { latency: 10 } });
      expect(await toxiproxy.admin.toxic('p', 'slow')).toMatchObject({
        type: 'latency',
        stream: 'downstream',
        attributes: { latency: 10, jitter: 0 },
      });
      await toxiproxy.admin.removeToxic('p', 'slow');
      await toxiproxy.admin.removeToxic('p', 'slow');
      expect(await toxiproxy.admin.toxic('p', 'slow')).toBeUndefined();
      await expect(toxiproxy.admin.addToxic('p', { type: 'down' })).rejects.toThrow(
        /answered 400 to POST \/proxies\/p\/toxics \(proxy "p"\): invalid toxic type/,
      );
      await toxiproxy.admin.reset();
      expect((await toxiproxy.admin.proxies()).p).toMatchObject({ enabled: true, toxics: [] });
    });
  });
});
