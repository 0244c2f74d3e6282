import type { Stack } from './stack';
import { serviceLogLines } from './app-log';

/** One line of the `sse` access log format (infra/nginx/*.conf): written when the request ended. */
export interface AccessLine {
  /** When nginx finished the request, ms since epoch. */
  endedAt: number;
  method: string;
  /** Path and query, as requested. */
  target: string;
  status: number;
  /** The upstream's status (`-`: nginx answered without one, e.g. a 502 for a refused connection). */
  upstreamStatus: string;
  requestMs: number;
  /** The Last-Event-ID header, when the request carried one. */
  lastEventId?: string;
}

const LINE =
  /^(\d+\.\d{3}) \S+ "(\S+) (\S+) [^"]*" (\d{3}) \d+ rt=([\d.]+) upstream=(\S+) urt=\S+ last_event_id="([^"]*)"/;

/** The access line in `line` (docker's timestamp and prefix before it are fine), or undefined for anything else nginx wrote. */
export function parseAccessLine(line: string): AccessLine | undefined {
  const start = line.search(/\d{10}\.\d{3} /);
  const match = start === -1 ? null : LINE.exec(line.slice(start));
  if (!match) return undefined;
  const [, msec, method, target, status, requestTime, upstreamStatus, lastEventId] = match;
  return {
    endedAt: Math.round(Number(msec) * 1000),
    method,
    target,
    status: Number(status),
    upstreamStatus,
    requestMs: Math.round(Number(requestTime) * 1000),
    ...(lastEventId === '-' || lastEventId === '' ? {} : { lastEventId }),
  };
}

/** The requests an nginx service of the stack finished since `since` (ms since epoch). */
export async function readAccessLog(
  composeArgs: Stack['composeArgs'],
  service: string,
  since: number,
): Promise<AccessLine[]> {
  return (await serviceLogLines(composeArgs, service, since))
    .flatMap((line) => parseAccessLine(line) ?? [])
    .filter((line) => line.endedAt >= since);
}
