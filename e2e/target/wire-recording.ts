import { createParser } from 'eventsource-parser';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';

export interface WireEvent {
  atMs: number;
  id?: string;
  event?: string;
  dataBytes: number;
  /** What the data was, in a few characters: two events are told apart without keeping them. */
  dataDigest: string;
}

/** What came down one connection to a stream, each item timed from the request's start. */
export interface WireRecording {
  url: string;
  /** undefined: no answer (the reason is in `error`). */
  status?: number;
  headers: Record<string, string>;
  /** First byte of the body. */
  firstByteMs?: number;
  retries: { atMs: number; ms: number }[];
  events: WireEvent[];
  comments: { atMs: number }[];
  /** When each read of the body arrived: the gaps between them are the wire's silences. */
  readsAtMs: number[];
  /** How the connection ended within the window, if it did. */
  ended?: { atMs: number; how: 'closed' | 'error'; error?: string };
  error?: string;
  observedMs: number;
}

export interface RecordOptions {
  /** How long to listen before closing: bounded, whatever the stream does. */
  durationMs: number;
  headers?: Record<string, string>;
  /** Stop early once this many events came. */
  maxEvents?: number;
  /** Stop early once this says the recording shows enough (asked on every read and every second). */
  enough?: (recording: WireRecording, elapsedMs: number) => boolean;
  /** Told of each event as it comes, for a reader that acts on what it has read so far. */
  onEvent?: (event: WireEvent) => void;
}

export const digestOf = (data: string) => createHash('sha256').update(data).digest('hex').slice(0, 12);

function decoded(response: http.IncomingMessage): Readable {
  switch (response.headers['content-encoding']) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH }));
    case 'deflate':
      return response.pipe(zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH }));
    case 'br':
      return response.pipe(zlib.createBrotliDecompress());
    default:
      return response;
  }
}

/**
 * Reads a stream as a browser's EventSource asks for it (plus `Accept-Encoding`, to see whether it
 * gets compressed), for a bounded time, without reconnecting: the wire a page never sees, with
 * comments, `retry:` and the timing of every read.
 */
export function recordStream(
  url: string,
  { durationMs, headers = {}, maxEvents, enough, onEvent }: RecordOptions,
): Promise<WireRecording> {
  const started = Date.now();
  const at = () => Date.now() - started;
  const recording: WireRecording = {
    url,
    headers: {},
    retries: [],
    events: [],
    comments: [],
    readsAtMs: [],
    observedMs: 0,
  };
  const parser = createParser({
    onEvent: ({ id, event, data }) => {
      const received = { atMs: at(), id, event, dataBytes: Buffer.byteLength(data), dataDigest: digestOf(data) };
      recording.events.push(received);
      onEvent?.(received);
    },
    onRetry: (ms) => recording.retries.push({ atMs: at(), ms }),
    onComment: () => recording.comments.push({ atMs: at() }),
  });
  const get = url.startsWith('https:') ? https.get : http.get;
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(asking);
      request.destroy();
      recording.observedMs = at();
      resolve(recording);
    };
    const request = get(
      url,
      {
        agent: false,
        rejectUnauthorized: false,
        headers: {
          Accept: 'text/event-stream',
          'Cache-Control': 'no-cache',
          'Accept-Encoding': 'gzip, deflate, br',
          ...headers,
        },
      },
      (response) => {
        recording.status = response.statusCode;
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) recording.headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const body = decoded(response);
        body.setEncoding('utf8');
        body.on('data', (chunk: string) => {
          recording.firstByteMs ??= at();
          recording.readsAtMs.push(at());
          parser.feed(chunk);
          if (maxEvents !== undefined && recording.events.length >= maxEvents) finish();
          else if (enough?.(recording, at())) finish();
        });
        body.on('end', () => {
          recording.ended ??= { atMs: at(), how: 'closed' };
          finish();
        });
        body.on('error', (error) => {
          recording.ended ??= { atMs: at(), how: 'error', error: error.message };
          finish();
        });
      },
    );
    request.on('error', (error) => {
      if (recording.status === undefined) recording.error = (error as NodeJS.ErrnoException).code ?? error.message;
      else recording.ended ??= { atMs: at(), how: 'error', error: error.message };
      finish();
    });
    const timer = setTimeout(finish, durationMs);
    const asking = setInterval(() => {
      if (enough?.(recording, at())) finish();
    }, 1_000);
  });
}
