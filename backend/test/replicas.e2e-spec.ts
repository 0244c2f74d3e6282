import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEventId } from '@sse-lab/contract';
import { startLab, type LabServer } from './support/lab-server';
import { startRedis, waitUntil, type RedisServer } from '@sse-lab/test-support';
import { SseConnection } from './support/sse-connection';

const seqOf = (id: string | undefined) => parseEventId(id)?.seq ?? NaN;

/** Two instances of the real app on one Redis log (EVENT_LOG=redis): what a load balancer's replicas are. */
describe('replicas on the Redis event log', () => {
  let redis: RedisServer;
  let replicas: LabServer[] = [];
  const streams: SseConnection[] = [];
  let run = 0;

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.close());
  afterEach(async () => {
    streams.splice(0).forEach((stream) => stream.destroy());
    await Promise.all(replicas.map((lab) => lab.close()));
    replicas = [];
  });

  const startReplicas = async (count: number, env: Record<string, string> = {}) => {
    run++;
    for (let i = 1; i <= count; i++) {
      replicas.push(
        await startLab({
          EVENT_LOG: 'redis',
          REDIS_URL: redis.url,
          EVENT_LOG_KEY: `replicas-${process.pid}-${run}`,
          INSTANCE_ID: `app-${i}`,
          TICK_MS: '50',
          HEARTBEAT_MS: '200',
          PRODUCER_LEASE_MS: '600',
          ...env,
        }),
      );
    }
    return replicas;
  };
  const open = async (lab: LabServer, headers: Record<string, string> = {}) => {
    const stream = await SseConnection.open(`${lab.url}/api/stream`, { headers });
    streams.push(stream);
    return stream;
  };
  const dataIds = (stream: SseConnection) => stream.ofType('message').map((frame) => frame.id!);

  it('should resume a client on the other replica from its last id: same log id, no reset, contiguous ids', async () => {
    const [a, b] = await startReplicas(2);
    const first = await open(a);
    await first.waitForFrames(
      (frames) => frames.filter((f) => f.event === 'message').length >= 5,
      5_000,
      'five events from replica 1',
    );
    const hello = JSON.parse(first.frames[0].data);
    expect(hello).toMatchObject({ instance: 'app-1', eventLog: 'redis' });
    first.destroy();
    const lastId = dataIds(first).at(-1)!;
    // Events go on while the client is away.
    await waitUntil(async () => seqOf(b.log.lastId) >= seqOf(lastId) + 5, 5_000, 'five more events while away');
    const second = await open(b, { 'Last-Event-ID': lastId });
    await second.waitForFrames(
      (frames) => frames.filter((f) => f.event === 'message').length >= 8,
      5_000,
      'the replay and live events from replica 2',
    );
    expect(JSON.parse(second.frames[0].data)).toMatchObject({ instance: 'app-2', bootId: hello.bootId });
    expect(second.ofType('reset')).toEqual([]);
    const all = [...dataIds(first), ...dataIds(second)].map(seqOf);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => all[0] + i));
  });

  it('should keep one producer across replicas: every replica sees the same contiguous sequence', async () => {
    const [a, b] = await startReplicas(2);
    const [sa, sb] = [await open(a), await open(b)];
    await Promise.all(
      [sa, sb].map((s) =>
        s.waitForFrames((frames) => frames.filter((f) => f.event === 'message').length >= 10, 5_000, 'ten events'),
      ),
    );
    const fromA = dataIds(sa).map(seqOf);
    expect(fromA).toEqual(Array.from({ length: fromA.length }, (_, i) => fromA[0] + i));
    const common = dataIds(sb).filter((id) => dataIds(sa).includes(id));
    expect(common.length).toBeGreaterThanOrEqual(5);
    expect(a.log.isProducer !== b.log.isProducer).toBe(true);
  });

  it('should report degraded, refuse new streams with a 503 and keep open ones beating while Redis is down, then recover', async () => {
    const [a] = await startReplicas(1);
    const open1 = await open(a);
    await open1.waitForFrames((frames) => frames.some((f) => f.event === 'message'), 5_000, 'a first event');
    await redis.stop();
    try {
      const health = await waitUntil(
        async () => {
          const res = await fetch(`${a.url}/api/health/ready`);
          return res.status === 503
            ? ((await res.json()) as { status: string; error: { eventLog: { reason: string } } })
            : undefined;
        },
        10_000,
        'readiness answers 503',
      );
      expect(health.status).toBe('degraded');
      expect(health.error.eventLog.reason).toMatch(/event log unavailable/);
      expect((await fetch(`${a.url}/api/health/live`)).status).toBe(200);
      const refused = await open(a);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(await waitUntil(() => refused.ended && refused.raw, 2_000, 'the refusal body')).toBeTruthy();
      expect(JSON.parse(refused.raw)).toMatchObject({
        error: 'event log unavailable',
        status: 503,
        reason: expect.stringMatching(/event log unavailable/),
      });
      const beats = open1.ofType('heartbeat').length;
      await open1.waitForFrames(
        (frames) => frames.filter((f) => f.event === 'heartbeat').length >= beats + 3,
        3_000,
        'heartbeats go on',
      );
      expect(open1.ended).toBe(false);
    } finally {
      await redis.start();
    }
    await waitUntil(async () => (await fetch(`${a.url}/api/health/ready`)).status === 200, 10_000, 'ready again');
    const before = dataIds(open1).length;
    await open1.waitForFrames(
      (frames) => frames.filter((f) => f.event === 'message').length >= before + 3,
      5_000,
      'events flow again on the open stream',
    );
    const seqs = dataIds(open1).map(seqOf);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
  });
});
