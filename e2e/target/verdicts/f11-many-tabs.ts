import { seconds, verdictsOf, type Verdict } from './verdict';

export interface TabsObservation {
  /** Tabs of one browser profile on the page, and those that had a message within the wait. */
  tabs: number;
  live: number;
  /** Of the live tabs, those with no EventSource of their own: messages from another tab on a BroadcastChannel. */
  liveThroughChannel: number;
  /** Tabs whose page itself did not load within the wait (its request queued behind the streams). */
  notLoaded: number;
  /** How long each tab had to load, and then to have a message. */
  waitMs: number;
  /** Streams the tabs opened between them (EventSources constructed). */
  streams: number;
}

/** F11: do more tabs than HTTP/1.1 connections per origin all get their messages? */
export function judgeManyTabs({
  tabs,
  live,
  liveThroughChannel,
  notLoaded,
  waitMs,
  streams,
}: TabsObservation): Verdict {
  const verdict = verdictsOf('F11', 'prod');
  const measured = { tabs, live, liveThroughChannel, notLoaded, streams, waitMs };
  if (live === tabs) {
    const shared =
      liveThroughChannel > 0
        ? ` (${liveThroughChannel} of them with no stream of their own: another tab's, handed on through a BroadcastChannel)`
        : '';
    return verdict.mitigated({
      why: `all ${tabs} tabs had messages within ${seconds(waitMs)}, over ${streams} stream${streams === 1 ? '' : 's'}${shared}`,
      measured,
    });
  }
  const loading = notLoaded > 0 ? ` (${notLoaded} did not even load the page)` : '';
  return verdict.reproduced({
    why: `${tabs - live} of ${tabs} tabs had no message within ${seconds(waitMs)}${loading}: each tab holds a stream of its own (${streams} EventSources between them), and HTTP/1.1 allows 6 connections per origin, fewer streams where the app caps them per address`,
    advice: 'share one stream between tabs (a Web Locks leader and a BroadcastChannel), or serve the app over HTTP/2',
    measured,
  });
}
