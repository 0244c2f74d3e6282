import { Logger, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { Subject } from 'rxjs';
import { formatEventId } from '@sse-lab/contract';
import { WindowedEventLog, type LogStatus } from '../event-log/event-log';
import { EventWindow } from '../event-log/event-window';
import type { LogEvent } from '../event-log/log-event';
import { ProducerLease } from './producer-lease';
import { connectRedis } from './redis-connection';
import { logKeys, type LogKeys } from './redis-keys';
import { decodeEntry, encodeEntry, EVENT_FIELD, seqOfStreamId, streamIdOf } from './stream-entries';

export interface RedisEventLogOptions {
  url: string;
  keyPrefix: string;
  /** Events kept in Redis (XADD MAXLEN ~) and in each replica's window. */
  replaySize: number;
  producerLeaseMs: number;
  instanceId: string;
}

/** How long one XREAD waits for new entries: bounds how late a lost link is noticed. */
const BLOCK_MS = 1_000;
const RETRY_DELAY_MS = 250;
/** How long start-up waits for Redis before it goes on unavailable (and keeps trying). */
const FIRST_SYNC_MS = 5_000;
/** A resuming client may be this far ahead of this replica: it came from one that read the stream a moment earlier. */
const AHEAD_TOLERANCE = 100;

// Appends only while this replica holds the producer lease; the explicit id is refused by Redis
// unless it is above the stream's last one (no sequence written twice, whoever appends).
const APPEND = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return redis.error_reply('NOTPRODUCER the producer lease is held by another replica') end
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[3], ARGV[4], ARGV[5])`;

/** Redis refused an append: the lease is someone else's, or another producer wrote this sequence first. */
const NOT_PRODUCER = /NOTPRODUCER/;
const BEHIND_THE_STREAM = /equal or smaller than the target stream top item/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The log on Redis Streams, shared by every replica. The producer appends with XADD (fenced by
 * its lease); every replica, the producer included, learns of events only through its own
 * blocking XREAD loop and keeps the latest REPLAY_SIZE in a window, from which it resumes
 * clients at once. Redis stays the source: the window is loaded from the stream at start and
 * after any break, so a replica that starts, restarts or comes back serves every id Redis kept.
 */
export class RedisEventLog extends WindowedEventLog implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  readonly kind = 'redis';
  private readonly logger = new Logger('RedisEventLog');
  private readonly keys: LogKeys;
  private readonly reader: Redis;
  private readonly writer: Redis;
  private readonly lease: ProducerLease;
  protected readonly window: EventWindow;
  private readonly updates = new Subject<LogEvent>();
  readonly live$ = this.updates.asObservable();
  /** The last stream entry the reader has seen. */
  private cursor = '0-0';
  /** Why the window does not follow the stream now; empty while it does. */
  private problem = 'not connected to Redis yet';
  private stopped = false;
  private loop?: Promise<void>;
  /** host:port of REDIS_URL, for messages (never its password). */
  private readonly redisAddress: string;

  constructor(private readonly options: RedisEventLogOptions) {
    super();
    this.keys = logKeys(options.keyPrefix);
    this.redisAddress = new URL(options.url).host;
    this.reader = connectRedis(options.url, 'reader', this.logger, BLOCK_MS + 2_000);
    this.writer = connectRedis(options.url, 'writer', this.logger);
    this.window = new EventWindow('00000000', options.replaySize, AHEAD_TOLERANCE);
    this.lease = new ProducerLease(
      this.writer,
      this.keys.producer,
      `${options.instanceId}:${randomBytes(4).toString('hex')}`,
      options.producerLeaseMs,
      this.logger,
    );
  }

  /** The window holds the stream's tail and the cursor follows it. */
  private get synced(): boolean {
    return this.problem === '';
  }

  get isProducer(): boolean {
    return this.synced && this.lease.isHeld;
  }

  /** Start-up waits (bounded) for the first sync, so a replica is ready with the stream's tail loaded. */
  async onModuleInit(): Promise<void> {
    // Failures are retried by the loop and the lease; ioredis keeps reconnecting in the background.
    await Promise.all(
      [this.reader.connect(), this.writer.connect()].map((connecting) => connecting.catch(() => undefined)),
    );
    this.loop = this.readLoop();
    this.lease.start();
    const deadline = Date.now() + FIRST_SYNC_MS;
    while (!this.synced && Date.now() < deadline) await sleep(50);
    if (!this.synced)
      this.logger.warn({ event: 'event log unavailable at start', reason: this.problem, keepsTrying: true });
  }

  /** Gives the producer role up first (the feed stops ticking in the same phase): the next replica takes over while this one drains its streams. */
  async onModuleDestroy(): Promise<void> {
    await this.lease.release();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.reader.disconnect();
    await this.loop;
    await this.writer.quit().catch(() => this.writer.disconnect());
    this.updates.complete();
  }

  async append(payload: unknown): Promise<LogEvent | undefined> {
    if (!this.isProducer) return undefined;
    const seq = this.window.lastSeq + 1;
    const ts = Date.now();
    try {
      await this.writer.eval(
        APPEND,
        2,
        this.keys.events,
        this.keys.producer,
        this.lease.owner,
        this.options.replaySize,
        streamIdOf(seq),
        EVENT_FIELD,
        encodeEntry(ts, payload),
      );
    } catch (error) {
      // Behind the stream (another producer appended a moment ago) or no longer the producer: nothing written, nothing lost.
      const why = String(error);
      const notProducer = NOT_PRODUCER.test(why);
      if (notProducer || BEHIND_THE_STREAM.test(why)) this.logger.debug?.({ event: 'append skipped', seq, why });
      else this.logger.warn({ event: 'append failed', seq, error: why });
      // The lease lapsed, or Redis lost it: find out now, not at the next renewal.
      if (notProducer) void this.lease.refresh();
      return undefined;
    }
    // Not emitted here: it comes back through this replica's XREAD, like on every other one.
    return { id: formatEventId(this.window.logId, seq), seq, ts, payload };
  }

  status(): LogStatus {
    return this.synced ? { available: true } : { available: false, reason: `event log unavailable: ${this.problem}` };
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.synced) await this.sync();
        const reply = (await this.reader.xread(
          'COUNT',
          1000,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.keys.events,
          this.cursor,
        )) as [string, [string, string[]][]][] | null;
        for (const entry of reply?.[0]?.[1] ?? []) if (!this.accept(entry)) break;
      } catch (error) {
        if (this.stopped) break;
        this.markUnavailable(
          `cannot reach Redis at ${this.redisAddress} (${(error as Error).message ?? String(error)})`,
        );
        await sleep(RETRY_DELAY_MS);
      }
    }
  }

  /**
   * Reads the epoch (making one for an empty Redis) and, when the window does not follow the
   * stream any more (first start, or the epoch changed because Redis lost its data), reloads it
   * from the stream's tail. Otherwise the reader goes on from its cursor: nothing Redis kept is missed.
   */
  private async sync(): Promise<void> {
    await this.reader.set(this.keys.epoch, randomBytes(8).toString('hex'), 'NX');
    const epoch = await this.reader.get(this.keys.epoch);
    if (!epoch) throw new Error(`${this.keys.epoch} vanished while it was read`);
    const reload = epoch !== this.window.logId || this.window.length === 0;
    if (reload) {
      const tail = (await this.reader.xrevrange(this.keys.events, '+', '-', 'COUNT', this.options.replaySize)) as [
        string,
        string[],
      ][];
      if (this.window.length > 0)
        this.logger.warn({
          event: 'event log replaced',
          from: this.window.logId,
          to: epoch,
          reason: 'Redis lost the stream: clients resuming get reset',
        });
      this.window.clear(epoch);
      for (const entry of tail.reverse()) this.window.push(decodeEntry(epoch, entry));
      this.cursor = tail.length > 0 ? tail[tail.length - 1][0] : '0-0';
    }
    const wasUnavailable = !this.synced;
    this.problem = '';
    if (wasUnavailable)
      this.logger.log({ event: 'event log available', logId: epoch, lastId: this.window.lastId, reloaded: reload });
  }

  /** Adds the next entry to the window and to live$; false when the window must be reloaded first. */
  private accept(entry: [string, string[]]): boolean {
    const seq = seqOfStreamId(entry[0]);
    this.cursor = entry[0];
    const expected = this.window.lastSeq + 1;
    if (this.window.length > 0 && seq !== expected) {
      // The stream was trimmed past this replica's cursor while it was away: start again from the tail.
      this.logger.warn({ event: 'event log fell behind', expectedSeq: expected, gotSeq: seq });
      this.window.clear();
      this.problem = 'reloading the window after falling behind';
      return false;
    }
    const event = decodeEntry(this.window.logId, entry);
    this.window.push(event);
    this.updates.next(event);
    return true;
  }

  private markUnavailable(reason: string): void {
    if (this.synced) this.logger.warn({ event: 'event log unavailable', reason, keepsTrying: true });
    this.problem = reason;
  }
}
