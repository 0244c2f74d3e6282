import { recordStream, type WireEvent } from './wire-recording';

/** An event a reader kept: its id and data digest, and when it came (epoch ms). */
export interface ReadEvent {
  at: number;
  event?: string;
  id?: string;
  dataDigest: string;
}

export interface ResumingReader {
  /** The last id read so far. */
  lastId(): string | undefined;
  /** Everything read so far, over every connection. */
  events(): ReadEvent[];
  /** Stops reading (within a second) and says what was read, over how many connections. */
  stop(): Promise<{ events: ReadEvent[]; connections: number }>;
}

/** A browser's default wait before it reconnects when the server sent no `retry:`. */
const DEFAULT_RETRY_MS = 3_000;
/** And the longest this reader waits, whatever the server asks: a deploy is not waited out. */
const MAX_RETRY_MS = 5_000;

/**
 * Reads a stream as a browser's EventSource does across the ends of its connections: each new
 * connection sends the last id read as `Last-Event-ID`, after the server's `retry:`. What a page
 * would have received, id by id, where the page itself shows only that messages came.
 */
export function startResumingReader(url: string): ResumingReader {
  const read: ReadEvent[] = [];
  let connections = 0;
  let stopped = false;
  let retryMs = DEFAULT_RETRY_MS;
  const keep = (event: WireEvent) => {
    read.push({
      at: Date.now(),
      ...(event.event ? { event: event.event } : {}),
      ...(event.id ? { id: event.id } : {}),
      dataDigest: event.dataDigest,
    });
  };
  const lastId = () => read.findLast(({ id }) => id !== undefined)?.id;
  const reading = (async () => {
    while (!stopped) {
      connections++;
      const id = lastId();
      const recording = await recordStream(url, {
        durationMs: 30 * 60_000,
        headers: id ? { 'Last-Event-ID': id } : {},
        enough: () => stopped,
        onEvent: keep,
      });
      const retry = recording.retries.at(-1)?.ms;
      if (retry !== undefined) retryMs = Math.min(retry, MAX_RETRY_MS);
      const waitUntil = Date.now() + retryMs;
      while (!stopped && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    lastId,
    events: () => [...read],
    stop: async () => {
      stopped = true;
      await reading;
      return { events: [...read], connections };
    },
  };
}
