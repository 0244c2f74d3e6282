import type { StreamState, Transition } from './stream-state.js';

/** A data event as the dashboard sees it. */
export interface StreamMessage<T = unknown> {
  id: string;
  data: T;
}

export type EventSourceConstructor = new (url: string | URL, init?: EventSourceInit) => EventSource;

/** The parts of the Web Locks API the tab-shared stream uses. */
export interface TabLocks {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

export type TabChannelConstructor = new (
  name: string,
) => Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener' | 'removeEventListener'>;

export interface TabApis {
  locks?: TabLocks;
  BroadcastChannel?: TabChannelConstructor;
}

/** A frame as received, before the client applies it: what a leader relays to the other tabs. */
export interface RawFrame {
  type: 'hello' | 'message' | 'heartbeat' | 'reset';
  id: string;
  data: string;
}

/** The parts of `window` and `document` the client listens to (online/offline, visibility). */
export interface BrowserEnvironment {
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
}

export interface EventStreamOptions<T = unknown> {
  /**
   * Heartbeat interval assumed until the server's `hello` event tells the real one.
   * @default 30000
   */
  heartbeatMs?: number;
  /**
   * Silence (no event of any type, heartbeats included) longer than this many heartbeat
   * intervals makes the stream `stale`: it is closed and recreated.
   * @default 2.5
   */
  staleAfterHeartbeats?: number;
  /**
   * The most silence a path whose delivery has been seen to jitter may get, in heartbeats: the
   * watchdog waits the smoothed gap between events plus 4 × its mean deviation (TCP's
   * retransmission-timeout rule), at least `staleAfterHeartbeats`, at most this.
   * @default 3 × staleAfterHeartbeats
   */
  maxStaleAfterHeartbeats?: number;
  /**
   * Cap of the wait for a connection's first frame. The first attempt waits the watchdog's
   * `staleAfterHeartbeats` heartbeats (or twice the slowest connection seen, if more), and each
   * failed attempt doubles it: a path slower than the watchdog still connects.
   * @default 120000
   */
  maxConnectTimeoutMs?: number;
  /**
   * First backoff step after a failure.
   * @default 1000
   */
  initialBackoffMs?: number;
  /**
   * Growth of the backoff step per failed attempt.
   * @default 2
   */
  backoffFactor?: number;
  /**
   * Largest backoff step.
   * @default 30000
   */
  maxBackoffMs?: number;
  /**
   * Share of each step that is randomised: 1 = full jitter (uniform in [0, step]), 0 = none.
   * @default 1
   */
  jitter?: number;
  /**
   * A stream that has delivered events (data or heartbeats) for this long resets the backoff
   * attempt counter. Counted from events, not from `open`: a path that opens and then stays
   * silent keeps growing the backoff.
   * @default 10000
   */
  stableAfterMs?: number;
  /**
   * While `offline`, probe the stream anyway after this long (and whenever the page becomes
   * visible): a spurious `offline` or a missed `online` must not leave the client stuck.
   * @default 15000
   */
  offlineProbeMs?: number;
  /**
   * Where to re-sync from after `event: reset`.
   * @default the `snapshot` sibling of the stream URL (`/api/stream` → `/api/snapshot`)
   */
  snapshotUrl?: string;
  /**
   * One stream per origin and options for all the tabs of a browser: a leader tab (elected with
   * the Web Locks API) holds the EventSource and relays it to the others over BroadcastChannel.
   * Where either API is missing the tab has a stream of its own (`role: 'solo'`).
   * @default false (the dashboard turns it on; `?share=off` turns it off)
   */
  shareAcrossTabs?: boolean;
  /** @default globalThis.navigator.locks and globalThis.BroadcastChannel */
  tabs?: TabApis;
  /** @default globalThis.EventSource */
  EventSource?: EventSourceConstructor;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default { window, document } when they exist */
  environment?: BrowserEnvironment;
  /** @default Math.random */
  random?: () => number;
  /** @default Date.now */
  now?: () => number;
  onStateChange?: (state: StreamState, transition: Transition) => void;
  onMessage?: (message: StreamMessage<T>) => void;
  /**
   * Called with the body of `GET snapshotUrl` after a `reset`: only the newest request's answer,
   * never after `close()`, and never one older than a live event already delivered.
   */
  onSnapshot?: (snapshot: unknown) => void;
  /** Called after any change of state or counters. */
  onUpdate?: () => void;
  /** Called with every frame that matched the contract, before it is applied (a leader relays them). */
  onFrame?: (frame: RawFrame) => void;
  /** The id to resume from on the first connection (a tab taking over from a leader). */
  resumeFrom?: string | null;
}

export const browserEnvironment = (): BrowserEnvironment => ({
  window: typeof window === 'undefined' ? undefined : window,
  document: typeof document === 'undefined' ? undefined : document,
});

/** Absolute stream URL with `lastEventId` set: a new EventSource cannot send the Last-Event-ID header. */
export function resumeUrl(url: string, lastEventId: string | null): string {
  const absolute = new URL(url, globalThis.location?.href ?? 'http://localhost/');
  if (lastEventId) absolute.searchParams.set('lastEventId', lastEventId);
  return absolute.toString();
}

export const defaultSnapshotUrl = (url: string): string =>
  new URL('snapshot', new URL(url, globalThis.location?.href ?? 'http://localhost/')).toString();
