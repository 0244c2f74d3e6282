/**
 * How long the client waits before it gives up on a connection, learnt from the path the way
 * TCP learns its retransmission timeout (RFC 6298): a smoothed mean of what was measured and of
 * its deviation. Two waits, kept apart on purpose:
 *
 * - the attempt: from creating an EventSource until its first frame (the hello). A path slower
 *   than the silence watchdog would otherwise never connect: each attempt would be abandoned
 *   before its answer arrives. The wait starts at the watchdog's floor, or twice the slowest
 *   connection seen if that is more, and doubles with every attempt that failed, up to a cap.
 * - the silence: once the hello arrived, how long without any event makes the stream `stale`.
 *   At least `staleAfterHeartbeats` heartbeats; more on a path whose delivery has been seen to
 *   jitter (smoothed gap between events + 4 × its mean deviation, once MIN_GAP_SAMPLES gaps
 *   were seen); never more than
 *   `maxStaleAfterHeartbeats` heartbeats, so a really silent connection is still found.
 */
import type { EventStreamOptions } from './event-stream-options.js';
import { DEFAULT_STALE_AFTER_HEARTBEATS } from './option-rules.js';

/** Gaps seen before the spread of delivery counts: a few late events alone do not widen the watchdog. */
export const MIN_GAP_SAMPLES = 8;

/** The timing of a client with these options, their defaults filled in once for every kind of tab. */
export function deliveryTiming({
  staleAfterHeartbeats = DEFAULT_STALE_AFTER_HEARTBEATS,
  maxStaleAfterHeartbeats,
  maxConnectTimeoutMs = 120_000,
}: EventStreamOptions<never> | EventStreamOptions<unknown>): DeliveryTiming {
  return new DeliveryTiming({
    staleAfterHeartbeats,
    maxStaleAfterHeartbeats: maxStaleAfterHeartbeats ?? 3 * staleAfterHeartbeats,
    maxConnectTimeoutMs,
  });
}

export class DeliveryTiming {
  private gapSamples = 0;
  private smoothedGapMs: number | null = null;
  private gapDeviationMs = 0;
  private slowestConnectMs = 0;

  constructor(
    private readonly bounds: {
      staleAfterHeartbeats: number;
      maxStaleAfterHeartbeats: number;
      maxConnectTimeoutMs: number;
    },
  ) {}

  /** A gap between two consecutive events of one connection. */
  sampleGap(gapMs: number): void {
    this.gapSamples++;
    // The first gap seeds the mean with no deviation (RFC 6298 seeds it with half the sample,
    // to be safe against retransmitting early; here the floor is the safety): one late event
    // alone does not widen the watchdog, a spread of them does.
    if (this.smoothedGapMs === null) {
      this.smoothedGapMs = gapMs;
      return;
    }
    this.gapDeviationMs = 0.75 * this.gapDeviationMs + 0.25 * Math.abs(this.smoothedGapMs - gapMs);
    this.smoothedGapMs = 0.875 * this.smoothedGapMs + 0.125 * gapMs;
  }

  /** How long a connection took to deliver its hello. */
  sampleConnect(connectMs: number): void {
    this.slowestConnectMs = Math.max(this.slowestConnectMs, connectMs);
  }

  /** Silence that makes an open stream stale, for the heartbeat the server announced. */
  silenceMs(heartbeatMs: number): number {
    const floor = this.bounds.staleAfterHeartbeats * heartbeatMs;
    const ceiling = this.bounds.maxStaleAfterHeartbeats * heartbeatMs;
    const observed =
      this.smoothedGapMs === null || this.gapSamples < MIN_GAP_SAMPLES
        ? 0
        : this.smoothedGapMs + 4 * this.gapDeviationMs;
    return Math.round(Math.min(ceiling, Math.max(floor, observed)));
  }

  /** How long attempt number `failedAttempts` (0 for the first) waits for its hello. */
  attemptMs(heartbeatMs: number, failedAttempts: number): number {
    const start = Math.max(this.bounds.staleAfterHeartbeats * heartbeatMs, 2 * this.slowestConnectMs);
    const cap = Math.max(start, this.bounds.maxConnectTimeoutMs);
    return Math.round(Math.min(cap, start * 2 ** failedAttempts));
  }
}
