import type { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

// Renew and release only what this holder owns: a lapsed lease may already be someone else's.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The producer role of the demo feed across replicas: a Redis key taken with SET NX PX, renewed
 * by its holder every third of its time to live, taken by another replica once it lapses (the
 * holder was killed or cut off), given up at shutdown so the next replica takes over at once.
 *
 * A lease rather than a separate producer service: the lab's replicas stay identical (one image,
 * one configuration), and a rolling deploy or a killed replica exercises the hand-over itself.
 * The holder's own view is conservative: it stops producing when its last successful renewal is
 * older than the time to live, whatever Redis says; the appends are fenced in Redis besides.
 */
export class ProducerLease {
  private heldUntil = 0;
  private timer?: NodeJS.Timeout;
  private refreshing = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  get isHeld(): boolean {
    return Date.now() < this.heldUntil;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), Math.max(100, Math.floor(this.ttlMs / 3)));
    void this.refresh();
  }

  /** Takes the lease when it is free, renews it when held; resolves to whether it is held. */
  async refresh(): Promise<boolean> {
    if (this.refreshing) return this.isHeld;
    this.refreshing = true;
    const sentAt = Date.now();
    const wasHeld = this.isHeld;
    try {
      const granted = wasHeld
        ? (await this.redis.eval(RENEW, 1, this.key, this.owner, this.ttlMs)) === 1
        : (await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK';
      this.heldUntil = granted ? sentAt + this.ttlMs : 0;
    } catch {
      // Unreachable: held until the last renewal runs out, not a moment longer.
    } finally {
      this.refreshing = false;
    }
    if (!wasHeld && this.isHeld)
      this.logger.log({ event: 'producer role taken', owner: this.owner, leaseMs: this.ttlMs });
    if (wasHeld && !this.isHeld) this.logger.warn({ event: 'producer role lost', owner: this.owner });
    return this.isHeld;
  }

  /** Stops renewing and frees the key when this holder still owns it. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const wasHeld = this.isHeld;
    this.heldUntil = 0;
    if (!wasHeld) return;
    try {
      await this.redis.eval(RELEASE, 1, this.key, this.owner);
      this.logger.log({ event: 'producer role released', owner: this.owner });
    } catch (error) {
      this.logger.warn({ event: 'producer role not released', owner: this.owner, error: String(error) });
    }
  }
}
