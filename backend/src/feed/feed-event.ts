import type { Kpis } from './kpi-walk';

/** One update of the demo feed, as kept in the replay buffer and sent as a data event. */
export interface FeedEvent {
  id: string;
  seq: number;
  /** Server time of emission (ms since epoch): clients measure delivery latency from it. */
  ts: number;
  kpis: Kpis;
}

export type ResumePlan =
  | { kind: 'fresh' }
  | { kind: 'replay'; fromId: string; events: FeedEvent[] }
  | { kind: 'reset'; reason: ResetReason };

export type ResetReason = 'other-boot' | 'too-old' | 'ahead';

export interface Snapshot {
  bootId: string;
  lastId: string;
  ts: number;
  kpis: Kpis;
}
