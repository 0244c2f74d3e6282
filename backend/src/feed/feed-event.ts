import type { DataPayload, ResetReason } from '@sse-lab/contract';

export type { ResetReason, Snapshot } from '@sse-lab/contract';

/** One update of the demo feed, as kept in the replay buffer and sent as a data event. */
export interface FeedEvent extends DataPayload {
  id: string;
}

export type ResumePlan =
  | { kind: 'fresh' }
  /** `events` is walked lazily over the ring: iterate it at once, before the next publish. */
  | { kind: 'replay'; fromId: string; events: Iterable<FeedEvent>; count: number }
  | { kind: 'reset'; reason: ResetReason };
