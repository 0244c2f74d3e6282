import type { Observable } from 'rxjs';
import type { EventWindow } from './event-window';
import type { LogEvent, ResumePlan } from './log-event';

/** Where events live: this process's memory (one instance), or a Redis stream shared by every replica. */
export type EventLogKind = 'memory' | 'redis';

export interface LogStatus {
  available: boolean;
  /** Why the log cannot serve new streams, when it cannot. */
  reason?: string;
}

/**
 * The feed's events in order, resumable by id: this process's memory (one instance), or a Redis
 * stream every replica reads (`EVENT_LOG`). Streams read it; the demo producer appends to it.
 */
export abstract class EventLog {
  abstract readonly kind: EventLogKind;
  /** Events appended anywhere, in order, once each, as this instance learns of them. */
  abstract readonly live$: Observable<LogEvent>;
  /** The id space of the events (first part of every id): an id from another one gets `reset`. */
  abstract get logId(): string;
  /** The id of the last event this instance knows (`<logId>-0` before the first). */
  abstract get lastId(): string;
  abstract get last(): LogEvent | undefined;
  /** Whether this instance is the one that appends the demo feed now. */
  abstract get isProducer(): boolean;
  /** Appends the next event, when this instance is the producer; resolves to it, or to undefined when it was not appended. */
  abstract append(payload: unknown): Promise<LogEvent | undefined>;
  /** What a connecting client with this last event id must be sent before live events. */
  abstract resume(lastEventId: string | undefined): ResumePlan;
  abstract status(): LogStatus;
}

/** A log whose instance resumes clients from an in-process window of the latest events (both implementations). */
export abstract class WindowedEventLog extends EventLog {
  protected abstract readonly window: EventWindow;

  get logId(): string {
    return this.window.logId;
  }

  get lastId(): string {
    return this.window.lastId;
  }

  get last(): LogEvent | undefined {
    return this.window.last;
  }

  resume(lastEventId: string | undefined): ResumePlan {
    return this.window.resume(lastEventId);
  }
}
