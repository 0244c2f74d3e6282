import type { EngineName } from './engine';

/**
 * What each engine's EventSource does where the spec leaves it to the implementation (F14), as
 * measured here. A spec asserts each engine against its own line: a Chromium constant is never
 * assumed for the others. When an engine update changes one, the F14 row fails naming it.
 */
export interface EngineBehaviour {
  /** The reconnection delay with no `retry:` field ever sent. */
  defaultReconnectMs: number;
  /** The shortest reconnection wait whatever `retry:` asks: 0 when `retry: 0` reconnects at once. */
  retryFloorMs: number;
  /** What `retry:` with an empty value does to a delay set before. */
  emptyRetry: 'ignored' | 'resets to the default' | 'sets it to 0';
  /** Whether `Content-Type: text/event-stream; charset=iso-8859-1` opens. */
  otherCharset: 'accepted' | 'refused';
  /** Of 10 EventSources one page opens to one origin over HTTP/1.1, how many open: [fewest, most]. */
  streamsInOnePage: [number, number];
  /** With those streams open, whether a fetch from that page to the origin answers within 5 s. */
  fetchBesideStreams: 'answered' | 'no answer';
  /** F11: of the tabs of one profile with a stream each (one more than `most`, 8 at least), how many stream at once: [fewest, most]. */
  tabsStreamingPerOrigin: [number, number];
  /** F11: with the tabs streaming, whether a fetch from one of them answers within F11's watch (each answer measured). */
  tabFetchPastTheCap: ('answered' | 'no answer')[];
  /** F3: what a native EventSource is once the Vite dev proxy (no fix) holds its dead stream. */
  viteDeadStream: ('OPEN' | 'CLOSED')[];
  /** An EventSource whose stream ends while the browser is offline, once it is online again. */
  offlineThenOnline: 'reconnects' | 'stays CLOSED' | 'does not reconnect' | 'not applicable';
}

export const READY_STATE = { CONNECTING: 0, OPEN: 1, CLOSED: 2 } as const;

/** The retry values tried, smallest first. */
export const PROBED_RETRIES_MS = [0, 200, 1000, 2000];

export const ENGINE_BEHAVIOUR: Record<EngineName, EngineBehaviour> = {
  chromium: {
    defaultReconnectMs: 3000,
    retryFloorMs: 0,
    emptyRetry: 'resets to the default',
    otherCharset: 'refused',
    streamsInOnePage: [6, 6],
    fetchBesideStreams: 'no answer',
    tabsStreamingPerOrigin: [6, 6],
    tabFetchPastTheCap: ['no answer'],
    viteDeadStream: ['OPEN'],
    offlineThenOnline: 'reconnects',
  },
  // Firefox waits at least 500 ms whatever retry: asks (an empty one included), and at times lets
  // EventSources of one page past its per-host cap of 6.
  firefox: {
    defaultReconnectMs: 5000,
    retryFloorMs: 500,
    emptyRetry: 'sets it to 0',
    otherCharset: 'accepted',
    streamsInOnePage: [6, 10],
    fetchBesideStreams: 'no answer',
    // 6 per host, but a request Firefox marks urgent-start may pass that by up to 3
    // (network.http.max-urgent-start-excessive-connections-per-host): 7 of 8, and 8 of 8, measured.
    tabsStreamingPerOrigin: [6, 9],
    // Answered where a connection was left to it (most runs), not with 7 of 10 tabs streaming in a
    // fresh-clone run: a page's fetch is not urgent-start, so it waits behind the 6 like any request.
    tabFetchPastTheCap: ['answered', 'no answer'],
    // Measured both: held OPEN and silent, or CLOSED by Firefox about when the backend is back.
    viteDeadStream: ['OPEN', 'CLOSED'],
    // Its reconnection fails offline, and Firefox then gives up: CLOSED for good.
    offlineThenOnline: 'stays CLOSED',
  },
  webkit: {
    defaultReconnectMs: 3000,
    retryFloorMs: 0,
    emptyRetry: 'resets to the default',
    otherCharset: 'accepted',
    streamsInOnePage: [6, 6],
    fetchBesideStreams: 'no answer',
    tabsStreamingPerOrigin: [6, 6],
    tabFetchPastTheCap: ['no answer'],
    viteDeadStream: ['OPEN'],
    offlineThenOnline: 'not applicable',
  },
};

/** How far a measured reconnection delay may lie past the one the engine waits: one connection set-up on loopback, and timer slack. */
export const RECONNECT_SLACK_MS = 400;

/**
 * The latest a reconnection that waits `waitMs` may be measured: the slack, or half the wait where
 * that is more, since a loaded machine runs a browser's timer late by up to half its wait (fresh-clone
 * runs saw 2843 ms for retry: 2000, and 5510 ms for Firefox's default 5000).
 */
export const latestReconnectMs = (waitMs: number) => waitMs + Math.max(RECONNECT_SLACK_MS, waitMs / 2);

/**
 * The `retry:` an empty one follows in F14: far from every engine's default and floor, so that a
 * reconnection a busy machine runs late is not read as another answer (1500 was: Firefox's floor of
 * 500 measured past 1000 in a fresh-clone run).
 */
export const EMPTY_RETRY_AFTER_MS = 8000;

/**
 * Reads a measured reconnection after an empty `retry:` (following `retry: EMPTY_RETRY_AFTER_MS`) as one
 * of the three answers, each with the wait it gives in `engine`. A wait is never measured shorter than the engine waits (less a tenth for timer
 * slack), only later on a busy machine: the answer is the one with the longest wait the measurement
 * reaches. Past the longest answer's latest, plus the run's own lateness, it is none of them: the figure.
 */
export function emptyRetryAnswer(
  measuredMs: number | undefined,
  lateMs: number,
  engine: Pick<EngineBehaviour, 'defaultReconnectMs' | 'retryFloorMs'>,
): EngineBehaviour['emptyRetry'] | 'no reconnection' | `${number} ms` {
  if (measuredMs === undefined) return 'no reconnection';
  const answers: [EngineBehaviour['emptyRetry'], number][] = [
    ['ignored', EMPTY_RETRY_AFTER_MS],
    ['resets to the default', engine.defaultReconnectMs],
    ['sets it to 0', engine.retryFloorMs],
  ];
  const longestFirst = answers.sort((a, b) => b[1] - a[1]);
  if (measuredMs > latestReconnectMs(longestFirst[0]![1]) + lateMs) return `${measuredMs} ms`;
  const reached = longestFirst.find(([, waitMs]) => measuredMs >= waitMs * 0.9);
  return reached ? reached[0] : `${measuredMs} ms`;
}
