import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { finished } from 'node:stream';

/** What a stream sees of its HTTP exchange: the socket's backlog, the end of the response, a hard stop. */
export interface StreamTransport {
  /** Bytes Node holds for the socket that the kernel has not taken yet. */
  readonly bufferedBytes: number;
  /** Bytes of this response the kernel has taken so far. */
  readonly flushedBytes: number;
  /** The peer reset the connection (RST) rather than closing it. */
  readonly wasReset: boolean;
  /** Calls `listener` each time the socket's backlog empties; returns the function that stops listening. */
  onDrain(listener: () => void): () => void;
  /** Resolves once the response has been handed to the kernel in full, or the connection is gone. */
  finished(): Promise<void>;
  /** Drops the connection without flushing: a peer that takes no data would never take a FIN either. */
  destroy(): void;
}

/** `bytesWritten` counts what is still buffered too; `writableLength` is that buffer. */
const kernelTook = (socket: Socket): number => (socket.bytesWritten ?? 0) - socket.writableLength;

/**
 * A class, so that its methods are shared: a stream holds its exchange for as long as it is open,
 * and every closure or listener made up front would be kept that long, for every stream. Nothing
 * listens on the socket until asked.
 */
export class HttpStreamTransport implements StreamTransport {
  private readonly socket: Socket;
  /** A keep-alive socket may have carried earlier responses: count from here. */
  private readonly flushedBefore: number;

  constructor(
    req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.socket = req.socket;
    this.flushedBefore = kernelTook(this.socket);
  }

  get wasReset(): boolean {
    return (this.socket.errored as NodeJS.ErrnoException | null)?.code === 'ECONNRESET';
  }

  get bufferedBytes(): number {
    return this.socket.destroyed ? 0 : this.socket.writableLength;
  }

  get flushedBytes(): number {
    return kernelTook(this.socket) - this.flushedBefore;
  }

  onDrain(listener: () => void): () => void {
    this.socket.on('drain', listener);
    return () => this.socket.off('drain', listener);
  }

  finished(): Promise<void> {
    return new Promise((resolve) => finished(this.res, () => resolve()));
  }

  destroy(): void {
    this.socket.destroy();
  }
}
