import { startToxiproxy, ToxiproxyAdmin, type ToxiproxyServer } from '@sse-lab/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chaos, FAULTS } from './index';
import { FaultError, listFaults, resolveFault } from './resolve';
import { applyToxiproxyFault, describeActive, removeToxiproxyFault, TOXIC_PREFIX } from './toxiproxy-faults';

describe('fault catalogue', () => {
  it('lists every fault on one line each', () => {
    const lines = listFaults().split('\n');
    expect(lines).toHaveLength(FAULTS.size);
    for (const name of [
      'silence',
      'latency',
      'jitter',
      'slow',
      'stall',
      'reset',
      'down',
      'slice',
      'cut',
      'clear',
      'restart-backend',
      'pause-backend',
      'redis-down',
      'rolling-deploy',
      'kill-replica',
    ]) {
      expect(lines.some((line) => line.trimStart().startsWith(`${name} `))).toBe(true);
    }
  });

  it('fills defaults and takes overrides', () => {
    expect(resolveFault('latency', undefined, { latencyMs: '1200' })).toMatchObject({
      target: 'edge',
      params: { latencyMs: 1200 },
    });
    expect(resolveFault('cut').target).toBe('upstream');
    expect(resolveFault('pause-backend', undefined, { seconds: '3' }).params).toEqual({ seconds: 3 });
    expect(resolveFault('redis-down').target).toBe('redis');
    expect(resolveFault('kill-replica', undefined, { replicaNumber: '2' }).params).toEqual({
      replicaNumber: 2,
      downSeconds: 10,
    });
  });

  it.each([
    [['bogus'], /unknown fault "bogus". Valid faults:\n {2}silence/],
    [['latency', 'middle'], /PROXY="middle": expected one of edge, upstream, redis/],
    [['latency', undefined, { latncyMs: '5' }], /fault "latency" has no parameter "latncyMs"; valid: latencyMs/],
    [['latency', undefined, { latencyMs: '-5' }], /latencyMs="-5": expected an integer from 0 to 60000/],
    [['slow', undefined, { rateKBps: 'fast' }], /rateKBps="fast"/],
    [['restart-backend', 'edge'], /takes no PROXY \(it acts on the app container\)/],
    [['rolling-deploy', 'edge'], /takes no PROXY \(it acts on the replicas\)/],
    [
      ['kill-replica', undefined, { replicaNumber: '0' }],
      /replicaNumber="0": expected an integer from 1 to 9 \(which replica: 1 is app-1\)/,
    ],
  ] as const)('refuses %j with a message listing what is valid', (args, message) => {
    expect(() => resolveFault(...(args as unknown as Parameters<typeof resolveFault>))).toThrow(FaultError);
    expect(() => resolveFault(...(args as unknown as Parameters<typeof resolveFault>))).toThrow(message);
  });

  it('refuses a slicer variation above its size, which crashes Toxiproxy (found by the soak)', () => {
    expect(() => resolveFault('slice', undefined, { sizeBytes: '1', variationBytes: '4' })).toThrow(
      'fault "slice": variationBytes=4 is above sizeBytes=1',
    );
    expect(resolveFault('slice', undefined, { sizeBytes: '4', variationBytes: '4' }).params).toMatchObject({
      sizeBytes: 4,
      variationBytes: 4,
    });
  });

  it('keeps attribute names with units, and maps them to toxic attributes', () => {
    expect(chaos.silence.attributes({ closeAfterMs: 0 })).toEqual({ timeout: 0 });
    expect(chaos.slice.attributes({ sizeBytes: 8, variationBytes: 4, delayUs: 1000 })).toEqual({
      average_size: 8,
      size_variation: 4,
      delay: 1000,
    });
    for (const fault of FAULTS.values()) {
      for (const key of Object.keys(fault.params)) expect(key).toMatch(/(Ms|Us|Bytes|KBps|[sS]econds|Number)$/);
    }
  });
});

describe('faults against the real Toxiproxy', () => {
  let toxiproxy: ToxiproxyServer;
  let client: ToxiproxyAdmin;
  beforeAll(async () => {
    toxiproxy = await startToxiproxy();
    client = toxiproxy.admin;
    await client.populate([
      { name: 'edge', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' },
      { name: 'upstream', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' },
    ]);
  });
  afterAll(() => toxiproxy?.stop());
  beforeEach(() => client.reset());

  it.each(['silence', 'latency', 'jitter', 'slow', 'stall', 'reset', 'slice', 'cut'])(
    '%s asks for its toxic, and removes it',
    async (name) => {
      const request = resolveFault(name);
      const fault = request.fault as typeof chaos.latency;
      await applyToxiproxyFault(client, request);
      const toxic = await client.toxic(request.target!, `${TOXIC_PREFIX}${name}`);
      expect(toxic).toMatchObject({ type: fault.toxic.type, stream: fault.toxic.stream, toxicity: 1 });
      // Toxiproxy reports every attribute of the type, 0 where unset: compare those the fault sets.
      expect(toxic?.attributes).toMatchObject(fault.attributes(request.params));
      await removeToxiproxyFault(client, request);
      expect(await client.toxic(request.target!, `${TOXIC_PREFIX}${name}`)).toBeUndefined();
    },
  );

  it('down disables the proxy and its removal enables it again', async () => {
    const request = resolveFault('down', 'upstream');
    await applyToxiproxyFault(client, request);
    expect((await client.proxy('upstream')).enabled).toBe(false);
    expect(await describeActive(client)).toContain('upstream: DISABLED; no toxic');
    await removeToxiproxyFault(client, request);
    expect((await client.proxy('upstream')).enabled).toBe(true);
  });

  it('clear removes every toxic and enables every proxy', async () => {
    await applyToxiproxyFault(client, resolveFault('latency'));
    await applyToxiproxyFault(client, resolveFault('down', 'upstream'));
    await applyToxiproxyFault(client, resolveFault('clear'));
    expect(await describeActive(client)).toEqual(['edge: enabled; no toxic', 'upstream: enabled; no toxic']);
  });

  it('says which proxy is missing and what to run', async () => {
    const empty = await startToxiproxy();
    try {
      await expect(applyToxiproxyFault(new ToxiproxyAdmin(empty.url), resolveFault('latency'))).rejects.toThrow(
        `Toxiproxy proxy "edge" not found at ${empty.url}. Run "make up" first.`,
      );
    } finally {
      await empty.stop();
    }
  });
});
