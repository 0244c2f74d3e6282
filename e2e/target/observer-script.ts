import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One thing the page's stream client did, as page-observer.js saw it from inside the page. */
export interface ObservedEvent {
  at: number;
  kind: 'construct' | 'open' | 'error' | 'message' | 'close' | 'fetch-stream' | 'channel-message';
  /** Which EventSource of the page (0 for the first constructed). */
  source?: number;
  url?: string;
  readyState?: number;
  /** The event's type for messages (`message` unless named). */
  type?: string;
  lastEventId?: string;
  /** The BroadcastChannel's name, for a channel message (what another tab of the page sent this one). */
  channel?: string;
}

/** The observer's text, for a `<script>` tag the injecting proxy adds to the page. */
export const OBSERVER_SCRIPT = readFileSync(join(__dirname, 'page-observer.js'), 'utf8');

/** Reads, inside the page, what the observer saw (a self-contained function for `Tab.evaluate`). */
export const readObserved = (): ObservedEvent[] =>
  ((window as unknown as { __sseLabObserver?: { events: ObservedEvent[] } }).__sseLabObserver?.events ?? []).slice();
