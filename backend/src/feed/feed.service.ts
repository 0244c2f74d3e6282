import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SsePublisher, type LogEvent } from '@sse-lab/nest';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { INITIAL_KPIS, nextKpis, type Kpis } from './kpi-walk';

/**
 * The demo KPI feed: one update every TICK_MS, published by whichever instance may append (always
 * this one with the memory log, the producer with the shared one), continuing from the last
 * figures so a hand-over does not jump.
 */
@Injectable()
export class FeedService implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectLabConfig() private readonly config: LabConfig,
    private readonly publisher: SsePublisher<Kpis>,
  ) {}

  onModuleInit(): void {
    if (this.config.tickMs > 0) this.timer = setInterval(() => void this.publish(), this.config.tickMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Publishes the next update when this instance appends; undefined when it does not (or the log refused it). */
  publish(kpis: Kpis = nextKpis(this.publisher.snapshot().payload ?? INITIAL_KPIS)): Promise<LogEvent | undefined> {
    return this.publisher.isProducer ? this.publisher.publish(kpis) : Promise.resolve(undefined);
  }
}
