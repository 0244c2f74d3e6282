import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Subject, type Observable } from 'rxjs';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { formatEventId, parseEventId } from '@sse-lab/contract';
import type { FeedEvent, ResumePlan, Snapshot } from './feed-event';
import { INITIAL_KPIS, nextKpis, type Kpis } from './kpi-walk';
import { ReplayBuffer } from './replay-buffer';

/** The demo KPI feed: one update every TICK_MS, kept in a ring of REPLAY_SIZE for resuming clients. */
@Injectable()
export class FeedService implements OnModuleInit, OnModuleDestroy {
  readonly bootId = randomBytes(4).toString('hex');
  private readonly buffer: ReplayBuffer<FeedEvent>;
  private readonly updates = new Subject<FeedEvent>();
  private kpis: Kpis = INITIAL_KPIS;
  private seq = 0;
  private timer?: NodeJS.Timeout;

  constructor(@InjectLabConfig() private readonly config: LabConfig) {
    this.buffer = new ReplayBuffer(config.replaySize);
  }

  get live$(): Observable<FeedEvent> {
    return this.updates.asObservable();
  }

  get lastId(): string {
    return formatEventId(this.bootId, this.seq);
  }

  onModuleInit(): void {
    if (this.config.tickMs > 0) this.timer = setInterval(() => this.publish(), this.config.tickMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.updates.complete();
  }

  publish(kpis: Kpis = nextKpis(this.kpis)): FeedEvent {
    this.kpis = kpis;
    this.seq++;
    const event: FeedEvent = { id: formatEventId(this.bootId, this.seq), seq: this.seq, ts: Date.now(), kpis };
    this.buffer.push(event);
    this.updates.next(event);
    return event;
  }

  snapshot(): Snapshot {
    return { bootId: this.bootId, lastId: this.lastId, ts: Date.now(), kpis: this.kpis };
  }

  /** What a connecting client with this last event id must be sent before live events. */
  resume(lastEventId: string | undefined): ResumePlan {
    const position = parseEventId(lastEventId);
    if (!position) return { kind: 'fresh' };
    if (position.bootId !== this.bootId) return { kind: 'reset', reason: 'other-boot' };
    if (position.seq > this.seq) return { kind: 'reset', reason: 'ahead' };
    const oldestSeq = this.buffer.oldest()?.seq ?? this.seq + 1;
    if (position.seq < oldestSeq - 1) return { kind: 'reset', reason: 'too-old' };
    return {
      kind: 'replay',
      fromId: formatEventId(this.bootId, position.seq),
      events: this.buffer.since(position.seq),
      count: this.buffer.countAfter(position.seq),
    };
  }
}
