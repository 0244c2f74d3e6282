import { Injectable } from '@nestjs/common';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { MetricsService } from '../metrics/metrics.service';
import { IpSlots } from './ip-slots';
import { StreamRefusedException } from './stream-refused.exception';

/** Decides whether a new stream may open: per-IP limit, and nothing new once shutdown began. */
@Injectable()
export class StreamAdmission {
  private readonly slots: IpSlots;
  private readonly retryAfterSeconds: number;
  private draining = false;

  constructor(
    @InjectLabConfig() config: LabConfig,
    private readonly metrics: MetricsService,
  ) {
    this.slots = new IpSlots(config.maxStreamsPerIp);
    this.retryAfterSeconds = Math.max(1, Math.ceil(config.retryMs / 1000));
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
