import http, { type IncomingHttpHeaders } from 'node:http';
import { waitUntil } from './wait-until';

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
  private pending = '';

  private constructor(
    private readonly req: http.ClientRequest,
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
  ) {}

  static open(url: string, options: OpenOptions = {}): Promise<SseConnection> {
    return new Promise((resolve, reject) => {
      const req = http.get(url, { headers: options.headers, localAddress: options.localAddress, agent: false }, (res) => {
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
      });
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
    this.pending += chunk;
    const blocks = this.pending.split('\n\n');
    this.pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const frame = parseBlock(block);
      if (frame) this.frames.push(frame);
    }
  }
}

function parseBlock(block: string): SseFrame | undefined {
  const frame: SseFrame = { event: 'message', data: '', receivedAt: Date.now() };
  const data: string[] = [];
  let fields = 0;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    fields++;
    if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'retry') frame.retry = Number(value);
    else if (field === 'data') data.push(value);
  }
  frame.data = data.join('\n');
  return fields > 0 ? frame : undefined;
}
