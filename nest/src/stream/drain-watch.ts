import type { StreamTransport } from './stream-transport';

/** Why a stream's socket is not keeping up, and what it holds. */
export interface Backlog {
  reason: 'dead-peer' | 'slow-client';
  /** Bytes sent into the stream that its client has not taken (Nest's queue, Node's buffer). */
  heldBytes: number;
  /** How long the socket has held bytes without draining. */
  stalledForMs: number;
}

export interface DrainLimits {
  /** Not drained for this long: the peer stopped acknowledging (0 = never). */
  deadPeerMs: number;
  /** More than this held for the client: it reads slower than the stream (0 = unbounded). */
  slowClientBytes: number;
}

/**
 * One watch for the two ways a client stops keeping up. A peer that vanished without a FIN (a
 * black-holed path) stops acknowledging: the kernel's send buffer fills, then Node's, and it never
 * drains again (TCP itself would give up only after ~15 min). A slow client keeps reading, but
 * less than the stream sends: what waits for it grows for as long as it stays.
 */
export class DrainWatch {
  private drainedAt: number;
  private sentBytes = 0;
  private readonly stopListening: () => void;

  constructor(
    private readonly transport: StreamTransport,
    private readonly limits: DrainLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.drainedAt = now();
    this.stopListening = transport.onDrain(() => (this.drainedAt = this.now()));
  }

  /** Counts what the stream sent (its serialized frames). */
  sent(bytes: number): void {
    this.sentBytes += bytes;
  }

  /** Called once per heartbeat: the backlog to end the stream for, or null while it keeps up. */
  check(): Backlog | null {
    const now = this.now();
    const heldBytes = Math.max(0, this.sentBytes - this.transport.flushedBytes);
    if (this.transport.bufferedBytes === 0) this.drainedAt = now;
    const stalledForMs = now - this.drainedAt;
    if (this.limits.slowClientBytes > 0 && heldBytes > this.limits.slowClientBytes)
      return { reason: 'slow-client', heldBytes, stalledForMs };
    if (this.limits.deadPeerMs > 0 && this.transport.bufferedBytes > 0 && stalledForMs >= this.limits.deadPeerMs)
      return { reason: 'dead-peer', heldBytes, stalledForMs };
    return null;
  }

  dispose(): void {
    this.stopListening();
  }
}
