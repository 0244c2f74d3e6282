import http from 'node:http';

/** A stream request held open outside the browser: its answer, and ways to leave. */
export interface HeldStream {
  status?: number;
  headers: http.IncomingHttpHeaders;
  /** Why there was no answer, if there was none within the bound. */
  error?: string;
  /** Leaves as a tab that closes does: the connection ends cleanly. */
  close(): void;
  /** Leaves as a vanished peer does: the connection is reset. */
  reset(): void;
}

/**
 * Opens `url` as an EventSource would and resolves once it is answered (the body is left unread
 * but kept flowing), or after `timeoutMs` with the reason. The request stays open until closed.
 */
export function holdStream(url: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<HeldStream> {
  return new Promise((resolve) => {
    const held: HeldStream = {
      headers: {},
      close: () => request.destroy(),
      reset: () => {
        if (request.socket && !request.socket.destroyed) request.socket.resetAndDestroy();
        else request.destroy();
      },
    };
    const settle = (error?: string) => {
      clearTimeout(timer);
      if (error && held.status === undefined) held.error ??= error;
      resolve(held);
    };
    const request = http.get(
      url,
      { agent: false, headers: { Accept: 'text/event-stream', 'Cache-Control': 'no-cache', ...headers } },
      (response) => {
        held.status = response.statusCode;
        held.headers = response.headers;
        response.resume();
        settle();
      },
    );
    request.on('error', (error) => settle(error.message));
    const timer = setTimeout(() => settle(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
}

/** Holds `count` streams from this machine's one address at once, in order. */
export async function holdStreams(url: string, count: number, headers: Record<string, string> = {}) {
  const streams: HeldStream[] = [];
  for (let index = 0; index < count; index++) streams.push(await holdStream(url, headers));
  return streams;
}
