import { EventLog } from '../../src/event-log/event-log';
import type { LogEvent } from '../../src/event-log/log-event';
import { MemoryEventLog } from '../../src/event-log/memory-event-log';

/** The memory log of a module under test, published to synchronously: each event is on every stream when the call returns. */
export interface MemoryFeed {
  readonly bootId: string;
  readonly lastId: string;
  /** Appends the next payload, `{ n }` counting from 1. */
  publish(): LogEvent;
}

export function memoryFeed(log: EventLog): MemoryFeed {
  if (!(log instanceof MemoryEventLog)) throw new Error(`expected the memory event log, got "${log.kind}"`);
  let n = 0;
  return {
    get bootId() {
      return log.logId;
    },
    get lastId() {
      return log.lastId;
    },
    publish: () => log.appendNow({ n: ++n }),
  };
}
