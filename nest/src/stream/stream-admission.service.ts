import { Injectable } from '@nestjs/common';
import { EventLog } from '../event-log/event-log';
import { StreamMetrics } from '../metrics/stream-metrics';
import { InjectSseLabOptions, type ResolvedSseLabOptions } from '../options';
import { IpSlots } from './ip-slots';
import { StreamRefusedException } from './stream-refused.exception';

/** Decides whether a new stream may open: per-IP limit, nothing new once shutdown began or while the event log is unreachable. */
@Injectable()
export class StreamAdmission {
  private readonly slots: IpSlots;
  private readonly retryAfterSeconds: number;
  private draining = false;

  constructor(
    @InjectSseLabOptions() options: ResolvedSseLabOptions,
    private readonly metrics: StreamMetrics,
    private readonly log: EventLog,
  ) {
    this.slots = new IpSlots(options.maxStreamsPerIp);
    this.retryAfterSeconds = Math.max(1, Math.ceil(options.retryMs / 1000));
  }

  get activeStreams(): number {
    return this.slots.total;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }

  /** Takes a slot for `ip` or throws; the returned function gives the slot back (idempotent). */
  admit(ip: string): () => void {
    if (this.draining) {
      this.metrics.streamRejected('shutting-down');
      throw StreamRefusedException.shuttingDown(this.retryAfterSeconds);
    }
    // A replica cut off from the shared log could neither replay nor tell what a client missed.
    const log = this.log.status();
    if (!log.available) {
      this.metrics.streamRejected('event-log-unavailable');
      throw StreamRefusedException.eventLogUnavailable(log.reason ?? 'event log unavailable', this.retryAfterSeconds);
    }
    if (!this.slots.tryAcquire(ip)) {
      this.metrics.streamRejected('ip-limit');
      throw StreamRefusedException.tooManyStreams(this.slots.limit, this.retryAfterSeconds);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.slots.release(ip);
    };
  }
}
