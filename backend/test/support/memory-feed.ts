import { EventLog, MemoryEventLog, type LogEvent } from '@sse-lab/nest';
import { INITIAL_KPIS, type Kpis, nextKpis } from '../../src/feed/kpi-walk';

/** The memory log of an app under test, published to synchronously: each event is on every stream when the call returns. */
export interface MemoryFeed {
  readonly bootId: string;
  readonly lastId: string;
  publish(): LogEvent;
}

export function memoryFeed(log: EventLog): MemoryFeed {
  if (!(log instanceof MemoryEventLog)) throw new Error(`expected the memory event log, got "${log.kind}"`);
  return {
    get bootId() {
      return log.logId;
    },
    get lastId() {
      return log.lastId;
    },
    publish: () => log.appendNow(nextKpis((log.last?.payload as Kpis | undefined) ?? INITIAL_KPIS)),
  };
}
