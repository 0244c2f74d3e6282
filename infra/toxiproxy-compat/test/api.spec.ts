import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server';
import { api, startApi } from './support';

const isListening = (listen: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(listen.split(':').pop()) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('the HTTP API', () => {
  let server: RunningServer;
  let call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<typeof api>;
  beforeAll(async () => {
    server = await startApi();
    call = (method, path, body, headers) => api(server.url, method, path, body, headers);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    for (const name of [...server.proxies.proxies.keys()]) server.proxies.remove(name);
  });

  it('answers every request with a request id, and {} when there is no proxy', async () => {
    const res = await call('GET', '/proxies');
    expect(res.headers.get('x-toxiproxy-request-id')).toBeTruthy();
    expect(JSON.parse(res.text)).toEqual({});
  });

  it('refuses browsers with 403', async () => {
    const res = await call('GET', '/proxies', undefined, { 'User-Agent': 'Mozilla/5.0 (X11)' });
    expect(res).toMatchObject({ status: 403, text: 'User agent not allowed' });
    expect((await call('GET', '/proxies', undefined, { 'User-Agent': 'Wget/2.1' })).status).toBe(200);
  });

  it('writes errors as JSON text with a text/plain content type and a newline', async () => {
    const res = await call('GET', '/proxies/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('{"error":"proxy not found","status":404}\n');
  });

  it('checks create bodies in Toxiproxy order', async () => {
    expect(JSON.parse((await call('POST', '/proxies', { upstream: 'x:1' })).text)).toEqual({ error: 'missing required field: name', status: 400 });
    expect(JSON.parse((await call('POST', '/proxies', { name: 'a' })).text)).toEqual({ error: 'missing required field: upstream', status: 400 });
    expect((await call('POST', '/proxies', '{not json')).status).toBe(400);
  });

  it('reports the bound address, and the literal one for a disabled proxy', async () => {
    const created = JSON.parse((await call('POST', '/proxies', { name: 'p', listen: 'localhost:0', upstream: 'x:1' })).text);
    expect(Object.keys(created)).toEqual(['name', 'listen', 'upstream', 'enabled', 'Logger', 'toxics']);
    expect(created.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    const wildcard = JSON.parse((await call('POST', '/proxies', { name: 'w', listen: '0.0.0.0:0', upstream: 'x:1' })).text);
    expect(wildcard.listen).toMatch(/^\[::\]:\d+$/);
    const disabled = JSON.parse((await call('POST', '/proxies', { name: 'd', listen: 'localhost:23310', upstream: 'x:1', enabled: false })).text);
    expect(disabled).toMatchObject({ listen: 'localhost:23310', enabled: false });
    expect(await isListening('127.0.0.1:23310')).toBe(false);
    await call('PATCH', '/proxies/d', { enabled: true });
    expect(await isListening('127.0.0.1:23310')).toBe(true);
  });

  it('answers 500 with the bind error for a port in use, and 409 for a taken name', async () => {
    await call('POST', '/proxies', { name: 'first', listen: '127.0.0.1:23311', upstream: 'x:1' });
    const conflict = await call('POST', '/proxies', { name: 'second', listen: '127.0.0.1:23311', upstream: 'x:1' });
    expect(JSON.parse(conflict.text)).toEqual({ error: 'listen tcp 127.0.0.1:23311: bind: address already in use', status: 500 });
    expect((await call('POST', '/proxies', { name: 'first', listen: '127.0.0.1:0', upstream: 'x:1' })).status).toBe(409);
  });

  it('populates atomically on validation, and stops at the first failing entry', async () => {
    const bad = await call('POST', '/populate', [{ name: 'a', upstream: 'x:1' }, { upstream: 'x:2' }]);
    expect(JSON.parse(bad.text)).toEqual({ error: 'missing required field: name at proxy 2', status: 400 });
    expect(server.proxies.proxies.size).toBe(0);
    const partial = await call('POST', '/populate', [
      { name: 'one', listen: '127.0.0.1:0', upstream: 'x:1' },
      { name: 'two', listen: 'local373', upstream: 'x:1' },
      { name: 'three', listen: '127.0.0.1:0', upstream: 'x:1' },
    ]);
    expect(partial.status).toBe(500);
    expect(JSON.parse(partial.text).proxies.map((p: { name: string }) => p.name)).toEqual(['one']);
    expect([...server.proxies.proxies.keys()]).toEqual(['one']);
  });

  it('keeps an unchanged proxy and its toxics on populate, replaces a changed one', async () => {
    const first = JSON.parse((await call('POST', '/populate', [{ name: 'k', listen: 'localhost:23312', upstream: 'x:1' }])).text);
    expect(first.proxies[0].listen).toBe('127.0.0.1:23312');
    await call('POST', '/proxies/k/toxics', { type: 'latency', attributes: { latency: 5 } });
    const again = JSON.parse((await call('POST', '/populate', [{ name: 'k', listen: 'localhost:23312', upstream: 'x:1' }])).text);
    expect(again.proxies[0].toxics).toHaveLength(1);
    const changed = JSON.parse((await call('POST', '/populate', [{ name: 'k', listen: 'localhost:23313', upstream: 'x:1' }])).text);
    expect(changed.proxies[0].toxics).toEqual([]);
  });

  it('gives toxics Toxiproxy defaults and refuses bad ones', async () => {
    await call('POST', '/proxies', { name: 't', listen: '127.0.0.1:0', upstream: 'x:1' });
    const toxic = JSON.parse((await call('POST', '/proxies/t/toxics', { type: 'noop' })).text);
    expect(toxic).toEqual({ attributes: {}, name: 'noop_downstream', type: 'noop', stream: 'downstream', toxicity: 1 });
    expect(Object.keys(JSON.parse((await call('POST', '/proxies/t/toxics', { type: 'latency', stream: 'UPSTREAM' })).text))).toEqual([
      'attributes', 'name', 'type', 'stream', 'toxicity',
    ]);
    expect(JSON.parse((await call('POST', '/proxies/t/toxics', { type: 'latency', stream: 'walrustream' })).text).error).toBe(
      'stream was invalid, can be either upstream or downstream',
    );
    expect(JSON.parse((await call('POST', '/proxies/t/toxics', { type: 'down' })).text)).toEqual({ error: 'invalid toxic type', status: 400 });
    expect((await call('POST', '/proxies/t/toxics', { name: 'noop_downstream', type: 'latency', stream: 'upstream' })).status).toBe(409);
    expect((await call('POST', '/proxies/t/toxics', { type: 'latency', name: 'bad', attributes: { latency: 'slow' } })).status).toBe(400);
    expect((await call('GET', '/proxies/t/toxics/missing')).text).toBe('{"error":"toxic not found","status":404}\n');
  });

  it('merges attributes on update and keeps toxicity when omitted', async () => {
    await call('POST', '/proxies', { name: 'u', listen: '127.0.0.1:0', upstream: 'x:1' });
    await call('POST', '/proxies/u/toxics', { type: 'latency', toxicity: 0.2, attributes: { latency: 100, jitter: 10 } });
    const updated = JSON.parse((await call('PATCH', '/proxies/u/toxics/latency_downstream', { attributes: { latency: 50 } })).text);
    expect(updated).toMatchObject({ attributes: { latency: 50, jitter: 10 }, toxicity: 0.2 });
  });

  it('lists upstream toxics first, then downstream', async () => {
    await call('POST', '/proxies', { name: 'o', listen: '127.0.0.1:0', upstream: 'x:1' });
    await call('POST', '/proxies/o/toxics', { name: 'd1', type: 'noop' });
    await call('POST', '/proxies/o/toxics', { name: 'u1', type: 'noop', stream: 'upstream' });
    const names = JSON.parse((await call('GET', '/proxies/o/toxics')).text).map((t: { name: string }) => t.name);
    expect(names).toEqual(['u1', 'd1']);
  });

  it('resets: proxies kept and enabled, toxics gone', async () => {
    await call('POST', '/proxies', { name: 'r', listen: '127.0.0.1:0', upstream: 'x:1' });
    await call('POST', '/proxies/r/toxics', { type: 'noop' });
    await call('PATCH', '/proxies/r', { enabled: false });
    expect((await call('POST', '/reset')).status).toBe(204);
    const proxy = JSON.parse((await call('GET', '/proxies/r')).text);
    expect(proxy).toMatchObject({ enabled: true, toxics: [] });
    expect(await isListening(proxy.listen)).toBe(true);
  });

  it('deletes with 204, then 404', async () => {
    const created = JSON.parse((await call('POST', '/proxies', { name: 'del', listen: '127.0.0.1:0', upstream: 'x:1' })).text);
    expect((await call('DELETE', '/proxies/del')).status).toBe(204);
    expect(await isListening(created.listen)).toBe(false);
    expect((await call('DELETE', '/proxies/del')).status).toBe(404);
  });

  it('answers the version exactly, 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await call('GET', '/version')).text).toMatch(/^\{"version": "\d+\.\d+\.\d+"\}\n$/);
    expect(await call('GET', '/nope')).toMatchObject({ status: 404, text: '404 page not found\n' });
    expect(await call('DELETE', '/proxies')).toMatchObject({ status: 405, text: '' });
  });
});
