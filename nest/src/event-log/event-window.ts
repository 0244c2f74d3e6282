import { formatEventId, parseEventId } from '@sse-lab/contract';
import type { LogEvent, ResumePlan } from './log-event';
import { ReplayBuffer } from './replay-buffer';

/** The latest events of one id space, and how a client with a given last id resumes from them. */
export class EventWindow {
  private buffer: ReplayBuffer<LogEvent>;

  constructor(
    private id: string,
    private readonly capacity: number,
    /** How far ahead of this window a client may be and still resume (a replica that lags the one it came from). */
    private readonly aheadTolerance = 0,
  ) {
    this.buffer = new ReplayBuffer(capacity);
  }

  get logId(): string {
    return this.id;
  }

  get last(): LogEvent | undefined {
    return this.buffer.last();
  }

  get lastSeq(): number {
    return this.buffer.last()?.seq ?? 0;
  }

  get lastId(): string {
    return formatEventId(this.id, this.lastSeq);
  }

  get length(): number {
    return this.buffer.length;
  }

  push(event: LogEvent): void {
    this.buffer.push(event);
  }

  /** Empties the window, under a new id space when one is given. */
  clear(logId: string = this.id): void {
    this.id = logId;
    this.buffer = new ReplayBuffer(this.capacity);
  }

  resume(lastEventId: string | undefined): ResumePlan {
    const position = parseEventId(lastEventId);
    if (!position) return { kind: 'fresh' };
    if (position.bootId !== this.id) return { kind: 'reset', reason: 'other-boot' };
    const lastSeq = this.lastSeq;
    if (position.seq > lastSeq) {
      if (position.seq - lastSeq > this.aheadTolerance) return { kind: 'reset', reason: 'ahead' };
      return {
        kind: 'replay',
        fromId: formatEventId(this.id, position.seq),
        events: [],
        count: 0,
        holdThroughSeq: position.seq,
      };
    }
    const oldestSeq = this.buffer.oldest()?.seq ?? lastSeq + 1;
    if (position.seq < oldestSeq - 1) return { kind: 'reset', reason: 'too-old' };
    return {
      kind: 'replay',
      fromId: formatEventId(this.id, position.seq),
      events: this.buffer.since(position.seq),
      count: this.buffer.countAfter(position.seq),
    };
  }
}
