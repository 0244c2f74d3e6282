import { createParser } from 'eventsource-parser';

/** One frame as the wire carried it. */
export interface WireFrame {
  event: string;
  id?: string;
  data: string;
  /** The `retry:` that came before this frame, if any did since the previous one. */
  retry?: number;
  atMs: number;
}

export interface StreamRead {
  status: number;
  headers: Headers;
  frames: WireFrame[];
  /** The body, when the answer was not a stream (a refusal's JSON). */
  body?: string;
}

/**
 * Reads a stream until `until` says it has what it needs or `timeoutMs` passes, then closes it:
 * bounded whatever the server does. A non-stream answer is read whole.
 */
export async function readStream(
  url: string,
  {
    headers = {},
    until,
    timeoutMs,
  }: { headers?: Record<string, string>; until: (frames: WireFrame[]) => boolean; timeoutMs: number },
): Promise<StreamRead> {
  const started = Date.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
    if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream'))
      return { status: response.status, headers: response.headers, frames: [], body: await response.text() };
    const frames: WireFrame[] = [];
    let retry: number | undefined;
    const parser = createParser({
      onRetry: (ms) => (retry = ms),
      onEvent: ({ event, id, data }) => {
        frames.push({ event: event ?? 'message', id, data, retry, atMs: Date.now() - started });
        retry = undefined;
      },
    });
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    try {
      while (!until(frames)) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      abort.abort();
    }
    return { status: response.status, headers: response.headers, frames };
  } finally {
    clearTimeout(timer);
  }
}
