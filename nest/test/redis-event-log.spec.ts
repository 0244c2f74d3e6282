import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatEventId } from '@sse-lab/contract';
import type { LogEvent } from '../src/event-log/log-event';
import { RedisEventLog } from '../src/redis/redis-event-log';
import { startRedis, waitUntil, type RedisServer } from '@sse-lab/test-support';

/** The Redis event log against a real redis-server: every replica is a RedisEventLog on the same keys. */
describe('RedisEventLog', () => {
  let redis: RedisServer;
  let keyPrefix: string;
  const open: RedisEventLog[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.close();
    Logger.overrideLogger(['log', 'warn', 'error']);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((log) => shutdown(log)));
  });

  let testCount = 0;
  const replica = async (options: { replaySize?: number; leaseMs?: number; name?: string } = {}) => {
    keyPrefix ??= `test-${process.pid}`;
    const log = new RedisEventLog({
      url: redis.url,
      keyPrefix: `${keyPrefix}-${testCount}`,
      replaySize: options.replaySize ?? 100,
      producerLeaseMs: options.leaseMs ?? 1_000,
      instanceId: options.name ?? `replica-${open.length + 1}`,
    });
    open.push(log);
    await log.onModuleInit();
    return log;
  };
  const shutdown = async (log: RedisEventLog) => {
    await log.onModuleDestroy();
    await log.onApplicationShutdown();
  };
  /** Appends through whichever replica produces, and waits until every replica has the event. */
  const produce = async (replicas: RedisEventLog[], count: number): Promise<LogEvent[]> => {
    const events: LogEvent[] = [];
    for (let i = 0; i < count; i++) {
      // A replica that believes it holds the role may be told otherwise by Redis (the lease lapsed or was lost): it skips that append.
      const event = await waitUntil(
        async () => {
          const producer = replicas.find((log) => log.isProducer);
          return producer && (await producer.append({ n: (producer.last?.seq ?? 0) + 1 }));
        },
        5_000,
        'a replica holds the producer role and appends',
        50,
      );
      await waitUntil(
        () => replicas.every((log) => log.last?.seq === event.seq),
        5_000,
        `every replica has seq ${event.seq}`,
      );
      events.push(event);
    }
    return events;
  };
  const seqs = (events: LogEvent[]) => events.map((event) => event.seq);

  it('should deliver every appended event to every replica, in order, under one log id', async () => {
    testCount++;
    const a = await replica();
    const b = await replica();
    const seenByB: LogEvent[] = [];
    b.live$.subscribe((event) => seenByB.push(event));
    const events = await produce([a, b], 5);
    expect(seqs(events)).toEqual([1, 2, 3, 4, 5]);
    expect(seqs(seenByB)).toEqual([1, 2, 3, 4, 5]);
    expect(seenByB.map((event) => event.payload)).toEqual(events.map((event) => event.payload));
    expect(a.logId).toBe(b.logId);
    expect(seenByB[4].id).toBe(formatEventId(a.logId, 5));
    expect([a, b].filter((log) => log.isProducer)).toHaveLength(1);
  });

  it('should resume a client from any id on any replica, one started later included', async () => {
    testCount++;
    const a = await replica();
    await produce([a], 6);
    const late = await replica();
    const plan = late.resume(formatEventId(a.logId, 2));
    expect(plan.kind).toBe('replay');
    expect(plan.kind === 'replay' && seqs([...plan.events])).toEqual([3, 4, 5, 6]);
    expect(late.resume(formatEventId(a.logId, 6))).toMatchObject({ kind: 'replay', count: 0 });
    expect(late.resume('0123456789abcdef-3')).toEqual({ kind: 'reset', reason: 'other-boot' });
  });

  it('should answer too-old for an id the replay window no longer holds', async () => {
    testCount++;
    const a = await replica({ replaySize: 3 });
    await produce([a], 8);
    const b = await replica({ replaySize: 3 });
    expect(b.resume(formatEventId(a.logId, 4))).toEqual({ kind: 'reset', reason: 'too-old' });
    expect(b.resume(formatEventId(a.logId, 5)).kind).toBe('replay');
  });

  it('should hand the producer role over on shutdown and on a lapsed lease, without a duplicate or a missing sequence', async () => {
    testCount++;
    const leaseMs = 600;
    const replicas = [await replica({ leaseMs }), await replica({ leaseMs }), await replica({ leaseMs })];
    const seen: LogEvent[] = [];
    replicas[2].live$.subscribe((event) => seen.push(event));
    await produce(replicas, 3);
    const first = replicas.find((log) => log.isProducer)!;
    await shutdown(first);
    open.splice(open.indexOf(first), 1);
    const rest = replicas.filter((log) => log !== first);
    await produce(rest, 3);
    // A crash: the holder stops renewing without giving the lease up; another takes it once it lapses.
    const second = rest.find((log) => log.isProducer)!;
    (second as unknown as { lease: { release(): Promise<void> } }).lease.release = async () => undefined;
    const crashedAt = Date.now();
    await shutdown(second);
    open.splice(open.indexOf(second), 1);
    const last = rest.filter((log) => log !== second);
    await produce(last, 3);
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(leaseMs / 2);
    expect(seqs(seen)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('should refuse an append from a replica that lost the role (fenced in Redis)', async () => {
    testCount++;
    const a = await replica({ leaseMs: 600 });
    await produce([a], 1);
    const admin = new Redis(redis.url);
    try {
      await admin.set(`${keyPrefix}-${testCount}:producer`, 'someone-else', 'PX', 60_000);
      expect(await a.append({ n: 0 })).toBeUndefined();
      expect(await admin.xlen(`${keyPrefix}-${testCount}:events`)).toBe(1);
    } finally {
      admin.disconnect();
    }
  });

  it('should report itself unavailable while Redis is down, and recover by itself with everything Redis kept', async () => {
    testCount++;
    const a = await replica();
    const b = await replica();
    const seenByB: LogEvent[] = [];
    b.live$.subscribe((event) => seenByB.push(event));
    await produce([a, b], 3);
    const logId = a.logId;
    await redis.stop();
    await waitUntil(() => !a.status().available && !b.status().available, 10_000, 'both replicas see Redis gone');
    expect(b.status().reason).toMatch(/event log unavailable/);
    expect(a.isProducer).toBe(false);
    await redis.start();
    await waitUntil(() => a.status().available && b.status().available, 10_000, 'both replicas back');
    await produce([a, b], 3);
    expect(a.logId).toBe(logId);
    expect(seqs(seenByB)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(b.resume(formatEventId(logId, 1))).toMatchObject({ kind: 'replay', count: 5 });
  });

  it('should start a new log id when Redis comes back without its data, so resuming clients reset', async () => {
    testCount++;
    const a = await replica();
    await produce([a], 2);
    const before = a.logId;
    await redis.restart({ keepData: false });
    await waitUntil(() => a.status().available && a.logId !== before, 10_000, 'a new log id');
    expect(a.resume(formatEventId(before, 2))).toEqual({ kind: 'reset', reason: 'other-boot' });
    const [event] = await produce([a], 1);
    expect(event.seq).toBe(1);
  });
});
