import type { StreamTransport } from './stream-transport';

export interface Stall {
  bufferedBytes: number;
  stalledForMs: number;
}

/**
 * Finds a stream whose socket has held unsent bytes for longer than `boundMs`. A peer that
 * vanished without a FIN (a black-holed path) stops acknowledging: the kernel's send buffer
 * fills, then Node's, and it never drains again. TCP itself would give up only after ~15 min.
 */
export class DrainWatch {
  private drainedAt: number;
  private readonly stopListening: () => void;

  constructor(
    private readonly transport: StreamTransport,
    private readonly boundMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.drainedAt = now();
    this.stopListening = transport.onDrain(() => (this.drainedAt = this.now()));
  }

  /** Called once per heartbeat: the stall, or null while the socket keeps draining. */
  check(): Stall | null {
    const bufferedBytes = this.transport.bufferedBytes;
    const now = this.now();
    if (bufferedBytes === 0) {
      this.drainedAt = now;
      return null;
    }
    const stalledForMs = now - this.drainedAt;
    return stalledForMs >= this.boundMs ? { bufferedBytes, stalledForMs } : null;
  }

  dispose(): void {
    this.stopListening();
  }
}
