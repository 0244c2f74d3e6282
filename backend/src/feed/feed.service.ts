import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { EventLog } from './event-log';
import type { FeedEvent, Snapshot } from './feed-event';
import { INITIAL_KPIS, nextKpis, type Kpis } from './kpi-walk';

/**
 * The demo KPI feed: one update every TICK_MS, appended to the event log by whichever instance
 * holds the producer role (always this one with the memory log), continuing from the log's last
 * figures so a hand-over does not jump.
 */
@Injectable()
export class FeedService implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectLabConfig() private readonly config: LabConfig,
    private readonly log: EventLog,
  ) {}

  onModuleInit(): void {
    if (this.config.tickMs > 0) this.timer = setInterval(() => void this.publish(), this.config.tickMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Appends the next update when this instance is the producer; undefined when it is not (or the log refused it). */
  publish(kpis: Kpis = nextKpis(this.lastKpis())): Promise<FeedEvent | undefined> {
    return this.log.isProducer ? this.log.append(kpis) : Promise.resolve(undefined);
  }

  /** The log holds only this feed's events: its last payload is the last figures. */
  private lastKpis(): Kpis {
    return (this.log.last?.payload as Kpis | undefined) ?? INITIAL_KPIS;
  }

  snapshot(): Snapshot<Kpis> {
    return {
      bootId: this.log.logId,
      lastId: this.log.lastId,
      ts: Date.now(),
      payload: this.lastKpis(),
      instance: this.config.instanceId,
    };
  }
}
