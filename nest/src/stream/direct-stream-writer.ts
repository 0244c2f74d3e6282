import type { MessageEvent } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodedFrame, EVENT_STREAM_HEADERS, STREAM_PREAMBLE } from './sse-encoding';

/**
 * Writes frames to one response in the SSE wire format: the headers with the first frame (as
 * `@Sse()` does, so that an error before it can still choose the status), then each frame's
 * shared buffer. What the socket has not taken waits in Node's buffer, where the drain watch
 * measures it.
 */
export class DirectStreamWriter {
  private started_ = false;
  /** Frames waiting for the socket to drain, as `@Sse()` holds them: the socket's own buffer stays small. */
  private waiting: Buffer[] = [];
  private blocked = false;

  constructor(
    req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    req.socket.setKeepAlive(true);
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
  }

  get started(): boolean {
    return this.started_;
  }

  write(frame: MessageEvent): void {
    if (this.res.writableEnded) return;
    if (!this.started_) {
      this.res.writeHead(200, EVENT_STREAM_HEADERS);
      this.res.flushHeaders();
      this.res.write(STREAM_PREAMBLE);
      this.started_ = true;
    }
    const bytes = encodedFrame(frame);
    if (this.blocked) this.waiting.push(bytes);
    else if (!this.res.write(bytes)) this.block();
  }

  private block(): void {
    this.blocked = true;
    this.res.once('drain', this.flush);
  }

  /** Writes what waited, in order, until the socket is full again (one slice of the queue, not a shift per frame). */
  private readonly flush = (): void => {
    this.blocked = false;
    let written = 0;
    while (written < this.waiting.length && !this.res.writableEnded) {
      if (!this.res.write(this.waiting[written++])) {
        this.block();
        break;
      }
    }
    this.waiting = this.waiting.slice(written);
  };

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}
