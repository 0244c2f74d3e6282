import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server';
import { startApi } from './support';

describe('toxiproxy-node-client against the compatible server', () => {
  let server: RunningServer;
  let client: Toxiproxy;
  beforeAll(async () => {
    server = await startApi();
    client = new Toxiproxy(server.url);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    for (const proxy of Object.values(await client.getAll())) await proxy.remove();
  });

  it('createProxy, get, remove', async () => {
    const created = await client.createProxy({ name: 'redis', listen: 'localhost:0', upstream: 'localhost:6379' });
    expect(created.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(created.enabled).toBe(true);
    expect((await client.get('redis')).name).toBe('redis');
    await created.remove();
    await expect(client.get('redis')).rejects.toThrow('Request failed with status code 404');
  });

  it('refuses the same proxy twice with 409', async () => {
    await client.createProxy({ name: 'twice', listen: 'localhost:0', upstream: 'localhost:6379' });
    await expect(client.createProxy({ name: 'twice', listen: 'localhost:0', upstream: 'localhost:6379' })).rejects.toThrow(
      'Request failed with status code 409',
    );
  });

  it('populate and getAll', async () => {
    const populated = await client.populate([
      { name: 'one', listen: '127.0.0.1:19988', upstream: 'localhost:6379' },
      { name: 'two', listen: '127.0.0.1:19987', upstream: 'localhost:6380' },
    ]);
    expect(Object.keys(populated)).toEqual(['one', 'two']);
    const all = await client.getAll();
    expect(Object.values(all).map((p) => [p.name, p.listen, p.upstream])).toEqual([
      ['one', '127.0.0.1:19988', 'localhost:6379'],
      ['two', '127.0.0.1:19987', 'localhost:6380'],
    ]);
  });

  it('version and reset', async () => {
    expect(JSON.parse(await client.getVersion())).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    await expect(client.reset()).resolves.toBeUndefined();
  });

  it('update: disable, then enable with another upstream', async () => {
    const proxy = await client.createProxy({ name: 'upd', listen: 'localhost:0', upstream: 'localhost:6379' });
    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(disabled.enabled).toBe(false);
    const enabled = await disabled.update({ enabled: true, listen: proxy.listen, upstream: 'somehost:12345' });
    expect(enabled).toMatchObject({ enabled: true, upstream: 'somehost:12345' });
  });

  it('toxic CRUD: addToxic, getToxic, update, remove', async () => {
    const proxy = await client.createProxy({ name: 'tox', listen: 'localhost:0', upstream: 'localhost:6379' });
    const toxic = await proxy.addToxic({ type: 'latency', attributes: { latency: 1000, jitter: 100 } } as never);
    expect(toxic).toMatchObject({ name: 'latency_downstream', stream: 'downstream', toxicity: 1, attributes: { latency: 1000, jitter: 100 } });
    expect((await proxy.getToxic('latency_downstream')).type).toBe('latency');
    const updated = await toxic.update({ attributes: { latency: 12345, jitter: 42 } } as never);
    expect(updated.attributes).toEqual({ latency: 12345, jitter: 42 });
    await updated.remove();
    await expect(proxy.getToxic('latency_downstream')).rejects.toThrow('Request failed with status code 404');
    await proxy.addToxic({ name: 'dup', type: 'noop' } as never);
    await expect(proxy.addToxic({ name: 'dup', type: 'noop' } as never)).rejects.toThrow('Request failed with status code 409');
  });

  it.each([
    ['latency', { latency: 1000, jitter: 100 }],
    ['bandwidth', { rate: 1000 }],
    ['slow_close', { delay: 1000 }],
    ['timeout', { timeout: 5000 }],
    ['slicer', { average_size: 1000, delay: 1000, size_variation: 1000 }],
    ['reset_peer', { timeout: 1000 }],
    ['limit_data', { bytes: 42 }],
  ])('round-trips the attributes of %s', async (type, attributes) => {
    const proxy = await client.createProxy({ name: `types-${type}`, listen: 'localhost:0', upstream: 'localhost:6379' });
    const toxic = await proxy.addToxic({ type, attributes } as never);
    expect(toxic.attributes).toEqual(attributes);
  });
});
