import type { CloseReason, RejectReason } from '@sse-lab/contract';

export type { CloseReason, RejectReason };

/**
 * What the stream reports as it runs: streams opened, closed (by reason) and refused, frames sent,
 * events replayed, the shared heartbeat timer. The module counts nothing by default; the
 * Prometheus instruments (`@sse-lab/nest/prometheus`) are one implementation, an app's own another.
 */
export abstract class StreamMetrics {
  abstract streamOpened(): void;
  abstract streamClosed(reason: CloseReason): void;
  abstract streamRejected(reason: RejectReason): void;
  /** Called for every hello, heartbeat, reset and replayed frame. */
  abstract eventSent(type: string): void;
  /** A live event goes to every stream at once: counted once, by the number of streams. */
  abstract eventsSent(type: string, count: number): void;
  abstract eventsReplayed(count: number): void;
  abstract heartbeatTimerStarted(): void;
  abstract heartbeatTimerStopped(): void;
}

/** The default: nothing counted. */
export class NoStreamMetrics extends StreamMetrics {
  streamOpened(): void {}
  streamClosed(): void {}
  streamRejected(): void {}
  eventSent(): void {}
  eventsSent(): void {}
  eventsReplayed(): void {}
  heartbeatTimerStarted(): void {}
  heartbeatTimerStopped(): void {}
}
