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

export function httpTransport(req: IncomingMessage, res: ServerResponse): StreamTransport {
  const socket = req.socket;
  // A keep-alive socket may have carried earlier responses: count from here.
  const flushedBefore = kernelTook(socket);
  let wasReset = false;
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ECONNRESET') wasReset = true;
  });
  return {
    get wasReset() {
      return wasReset;
    },
    get bufferedBytes() {
      return socket.destroyed ? 0 : socket.writableLength;
    },
    get flushedBytes() {
      return kernelTook(socket) - flushedBefore;
    },
    onDrain(listener) {
      socket.on('drain', listener);
      return () => socket.off('drain', listener);
    },
    finished: () => new Promise((resolve) => finished(res, () => resolve())),
    destroy: () => socket.destroy(),
  };
}
