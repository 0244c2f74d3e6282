import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SsePublisher } from '@sse-lab/nest';

/** What the page shows: a counter and a time, published every TICK_MS (default 2 s). */
export interface Tick {
  count: number;
  at: string;
}

@Injectable()
export class AppService implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private count = 0;

  constructor(private readonly publisher: SsePublisher<Tick>) {}

  onModuleInit(): void {
    const tickMs = Number(process.env.TICK_MS ?? 2000);
    this.timer = setInterval(
      () => void this.publisher.publish({ count: ++this.count, at: new Date().toISOString() }),
      tickMs,
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  getHello(): string {
    return 'Hello World!';
  }
}
