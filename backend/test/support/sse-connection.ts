import { createParser } from 'eventsource-parser';
import http, { type IncomingHttpHeaders } from 'node:http';
import { waitUntil } from '@sse-lab/test-support';

export interface SseFrame {
  event: string;
  id?: string;
  retry?: number;
  data: string;
  receivedAt: number;
}

export interface OpenOptions {
  headers?: Record<string, string>;
  localAddress?: string;
}

/** A raw HTTP reader of an event stream: exact bytes, parsed frames, and an abrupt close. */
export class SseConnection {
  readonly frames: SseFrame[] = [];
  raw = '';
  /** The response ended, cleanly or not. */
  ended = false;
  /** The response ended with its terminating chunk: nothing was cut. */
  endedCleanly = false;
  /** The connection broke before the response's end (reset, or closed mid-body). */
  aborted = false;
  /** A `retry:` applies to the event it came with: the parser reports it just before that event. */
  private pendingRetry: number | undefined;
  private readonly parser = createParser({
    onRetry: (retry) => (this.pendingRetry = retry),
    onEvent: ({ event, id, data }) => {
      this.frames.push({ event: event ?? 'message', id, retry: this.pendingRetry, data, receivedAt: Date.now() });
      this.pendingRetry = undefined;
    },
  });

  private constructor(
    private readonly req: http.ClientRequest,
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
  ) {}

  static open(url: string, options: OpenOptions = {}): Promise<SseConnection> {
    return new Promise((resolve, reject) => {
      const req = http.get(
        url,
        { headers: options.headers, localAddress: options.localAddress, agent: false },
        (res) => {
          const connection = new SseConnection(req, res.statusCode ?? 0, res.headers);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => connection.push(chunk));
          res.on('end', () => {
            connection.ended = true;
            connection.endedCleanly = true;
          });
          res.on('error', () => {
            connection.ended = true;
            connection.aborted = true;
          });
          resolve(connection);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
    });
  }

  /** Parsed JSON of the body (for refused requests). */
  json(): unknown {
    return JSON.parse(this.raw);
  }

  ofType(event: string): SseFrame[] {
    return this.frames.filter((frame) => frame.event === event);
  }

  waitForFrames(predicate: (frames: SseFrame[]) => boolean, timeoutMs: number, message: string): Promise<SseFrame[]> {
    return waitUntil(() => (predicate(this.frames) ? this.frames : undefined), timeoutMs, message);
  }

  waitForEnd(timeoutMs: number): Promise<boolean> {
    return waitUntil(() => this.ended, timeoutMs, 'stream did not end');
  }

  /** Drops the socket with a FIN, as a closed tab does. */
  destroy(): void {
    this.req.destroy();
  }

  /** Drops the socket with a RST, as a crashed peer or an aborting proxy does. */
  reset(): void {
    this.req.socket?.resetAndDestroy();
  }

  private push(chunk: string): void {
    this.raw += chunk;
    this.parser.feed(chunk);
  }
}
