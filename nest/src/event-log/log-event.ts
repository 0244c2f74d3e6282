import type { DataPayload, ResetReason } from '@sse-lab/contract';

export type { ResetReason, Snapshot } from '@sse-lab/contract';

/** One event of the log, as kept in the replay buffer and sent as a data event: the app's payload, numbered. */
export interface LogEvent extends DataPayload {
  id: string;
}

export type ResumePlan =
  | { kind: 'fresh' }
  /** `events` is walked lazily over the ring: iterate it at once, before the next publish. */
  | {
      kind: 'replay';
      fromId: string;
      events: Iterable<LogEvent>;
      count: number;
      /** The client is ahead of this instance (it came from a replica that read the log first): live events up to this seq are not sent again. */
      holdThroughSeq?: number;
    }
  | { kind: 'reset'; reason: ResetReason };
