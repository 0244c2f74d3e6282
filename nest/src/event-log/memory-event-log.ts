import type { OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Subject } from 'rxjs';
import { formatEventId } from '@sse-lab/contract';
import { WindowedEventLog, type LogStatus } from './event-log';
import { EventWindow } from './event-window';
import type { LogEvent } from './log-event';

/** One process's log: a ring of REPLAY_SIZE events under a boot id. A restart, or another replica, is another id space. */
export class MemoryEventLog extends WindowedEventLog implements OnModuleDestroy {
  readonly kind = 'memory';
  protected readonly window: EventWindow;
  private readonly updates = new Subject<LogEvent>();
  readonly live$ = this.updates.asObservable();

  constructor(replaySize: number, bootId: string = randomBytes(4).toString('hex')) {
    super();
    this.window = new EventWindow(bootId, replaySize);
  }

  get isProducer(): boolean {
    return true;
  }

  append(payload: unknown): Promise<LogEvent> {
    return Promise.resolve(this.appendNow(payload));
  }

  /** The event is in the ring and on live$ when this returns. */
  appendNow(payload: unknown): LogEvent {
    const seq = this.window.lastSeq + 1;
    const event: LogEvent = { id: formatEventId(this.window.logId, seq), seq, ts: Date.now(), payload };
    this.window.push(event);
    this.updates.next(event);
    return event;
  }

  status(): LogStatus {
    return { available: true };
  }

  onModuleDestroy(): void {
    this.updates.complete();
  }
}
