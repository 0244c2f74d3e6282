import type { ToxiproxyAdmin } from '@sse-lab/test-support';
import { silence } from '../../chaos/silence';
import { applyToxiproxyFault, removeToxiproxyFault } from '../../chaos/toxiproxy-faults';
import type { Profile } from '../../engines';
import { readObserved, type ObservedEvent } from '../observer-script';
import { activityIn, attemptTimes, lastReadyState, reconnectionAfter } from '../page-episodes';
import { pollFor } from '../poll';
import type { SilenceObservation } from '../verdicts/f1-silence';
import type { Proxy5xxObservation } from '../verdicts/f10-proxy-5xx';
import type { TabsObservation } from '../verdicts/f11-many-tabs';
import type { BackoffObservation } from '../verdicts/f7-backoff';
import type { ColdStartObservation } from '../verdicts/f9-cold-start';
import { openTabs, watchPage, type ObservedPage } from './observed-page';

export const messagesSince = (since: number) => (observed: { kind: string; at: number }[]) =>
  observed.some(({ kind, at }) => kind === 'message' && at >= since);

/**
 * F11: a tab is live with messages on its own EventSource, or, where it holds none, on a
 * BroadcastChannel: a page that shares one stream between its tabs hands the others its events.
 */
const liveSince = (since: number) => (observed: ObservedEvent[]) =>
  messagesSince(since)(observed) ||
  (!observed.some(({ kind }) => kind === 'construct') &&
    observed.some(({ kind, at }) => kind === 'channel-message' && at >= since));

/** Drops every connection through `proxy` (disabled, then enabled again at once): a stream cut mid-way. */
async function cutStreams(admin: ToxiproxyAdmin, proxy: string): Promise<void> {
  try {
    await admin.setEnabled(proxy, false);
  } finally {
    await admin.setEnabled(proxy, true);
  }
}

/** A fault an experiment holds: started, then ended whatever happened meanwhile. */
interface HeldFault {
  start(): Promise<unknown>;
  end(): Promise<unknown>;
}

/** The upstream proxy refusing: the app unreachable, the edge (or nginx) still answering the browser. */
const upstreamRefusing = (admin: ToxiproxyAdmin): HeldFault => ({
  start: () => admin.setEnabled('upstream', false),
  end: () => admin.setEnabled('upstream', true),
});

/**
 * The shape of every outage experiment: `fault` is held while `during` runs (ended in a finally),
 * then the page has `boundMs` to have a message again.
 */
async function throughOutage<T>(
  page: ObservedPage,
  fault: HeldFault,
  during: (startedAt: number) => Promise<T>,
  boundMs: number,
) {
  await fault.start();
  const startedAt = Date.now();
  let seen: T;
  try {
    seen = await during(startedAt);
  } finally {
    await fault.end();
  }
  const endedAt = Date.now();
  const back = await watchPage(page, messagesSince(endedAt), boundMs);
  return { seen, startedAt, endedAt, back, messageAfter: back.met ? { messageAfterMs: back.elapsedMs } : {} };
}

/**
 * F5: the edge drops the page's stream (proxy disabled and enabled again at once); the page's
 * reconnection is timed from its error to its next open, within `boundMs`.
 */
export async function observeReconnect(page: ObservedPage, admin: ToxiproxyAdmin, boundMs = 30_000) {
  const cutAt = Date.now();
  await cutStreams(admin, 'edge');
  const { value } = await watchPage(
    page,
    (observed) => reconnectionAfter(observed, cutAt)?.delayMs !== undefined,
    boundMs,
  );
  return { reconnectMs: reconnectionAfter(value, cutAt)?.delayMs };
}

/**
 * F1: the edge keeps the connection but drops every byte for `windowMs` or until the page
 * reacts; then the network comes back and the page has `boundMs` to get a message.
 */
export async function observeSilence(
  page: ObservedPage,
  admin: ToxiproxyAdmin,
  { windowMs, boundMs }: { windowMs: number; boundMs: number },
): Promise<SilenceObservation> {
  const messagesBefore = activityIn(await page.read(), 0).messages;
  const request = { fault: silence, target: 'edge', params: {} };
  const silentAt = Date.now();
  await applyToxiproxyFault(admin, request);
  let watched;
  try {
    watched = await watchPage(
      page,
      (observed) => {
        const { errors, closes, constructs } = activityIn(observed, silentAt);
        return errors + closes + constructs > 0;
      },
      windowMs,
    );
  } finally {
    await removeToxiproxyFault(admin, request);
  }
  const backAt = Date.now();
  const during = activityIn(watched.value, silentAt);
  const reaction = watched.value.find(
    ({ kind, at }) => at >= silentAt && (kind === 'error' || kind === 'close' || kind === 'construct'),
  );
  const observation = {
    messagesBefore,
    windowMs: backAt - silentAt,
    during,
    stateAtEnd: lastReadyState(watched.value),
    boundMs,
  };
  if (!reaction) return observation;
  const back = await watchPage(page, messagesSince(backAt), boundMs);
  return {
    ...observation,
    reactedAfterMs: reaction.at - silentAt,
    ...(back.met ? { messageAfterMs: back.elapsedMs } : {}),
  };
}

/**
 * F7: the upstream proxy refuses (the app unreachable, the edge still answering the TCP
 * connect) for `windowMs`; the page's failed attempts are timed, then it has `boundMs` to recover.
 */
export async function observeBackoff(
  page: ObservedPage,
  admin: ToxiproxyAdmin,
  { windowMs, boundMs }: { windowMs: number; boundMs: number },
): Promise<BackoffObservation> {
  const outage = await throughOutage(
    page,
    upstreamRefusing(admin),
    async () => {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      return page.read();
    },
    boundMs,
  );
  const { seen: observed, startedAt: downAt, endedAt: upAt } = outage;
  return {
    attempts: attemptTimes(observed, downAt, upAt).map((at) => at - downAt),
    windowMs: upAt - downAt,
    stateAtEnd: lastReadyState(observed),
    ...outage.messageAfter,
    boundMs,
  };
}

/** The first error after `since` that left the page's EventSource CLOSED: a fatal answer, such as a proxy's 5xx. */
const closedByErrorAfter = (observed: ObservedEvent[], since: number) =>
  observed.find(({ kind, at, readyState }) => kind === 'error' && at >= since && readyState === 2);

/**
 * F10: `page` is behind nginx; the upstream proxy refuses, so nginx answers the page's next request
 * 502. The outage is held until that answer has ended the page's EventSource (or `holdMs`), then
 * the app is let through and the page has `boundMs` to have a message.
 */
export async function observeProxy5xx(
  page: ObservedPage,
  admin: ToxiproxyAdmin,
  { holdMs, boundMs }: { holdMs: number; boundMs: number },
): Promise<Proxy5xxObservation> {
  const outage = await throughOutage(
    page,
    upstreamRefusing(admin),
    async (downAt) => {
      const watched = await watchPage(page, (observed) => !!closedByErrorAfter(observed, downAt), holdMs);
      return closedByErrorAfter(watched.value, downAt);
    },
    boundMs,
  );
  const { seen: closed, startedAt: downAt, endedAt: upAt, back } = outage;
  return {
    heldMs: upAt - downAt,
    ...(closed ? { closedAfterMs: closed.at - downAt } : {}),
    rebuiltAfter: closed ? activityIn(back.value, closed.at).constructs : 0,
    ...outage.messageAfter,
    boundMs,
  };
}

/**
 * F9: the app sleeps (its container paused: connections are accepted, nothing answers) and the
 * page's stream is cut at the edge, so its reconnection meets the sleeping app, as a request meets
 * a platform's cold start. After `asleepMs` the app wakes and the page has `boundMs` to have a message.
 */
export async function observeColdStart(
  page: ObservedPage,
  admin: ToxiproxyAdmin,
  app: { sleep(): Promise<void>; wake(): Promise<void> },
  { asleepMs, boundMs }: { asleepMs: number; boundMs: number },
): Promise<ColdStartObservation> {
  const outage = await throughOutage(
    page,
    { start: () => app.sleep(), end: () => app.wake() },
    async () => {
      await cutStreams(admin, 'edge');
      await new Promise((resolve) => setTimeout(resolve, asleepMs));
      return page.read();
    },
    boundMs,
  );
  const { seen: observed, startedAt: asleepAt, endedAt: wokeAt } = outage;
  const { constructs, errors } = activityIn(observed, asleepAt);
  return {
    asleepMs: wokeAt - asleepAt,
    attemptsAsleep: constructs + errors,
    stateAtWake: lastReadyState(observed),
    ...outage.messageAfter,
    boundMs,
  };
}

/** F11: `count` tabs of one profile on the page; each has `waitMs` to load and have a message. */
export async function observeManyTabs(
  profile: Profile,
  url: string,
  { count, waitMs }: { count: number; waitMs: number },
): Promise<TabsObservation> {
  const tabs = await openTabs(profile, url, count, waitMs);
  try {
    const allOpenAt = Date.now();
    const loaded = tabs.filter(({ loaded }) => loaded).map(({ tab }) => tab);
    const readAll = () =>
      Promise.all(
        loaded.map((tab) => tab.evaluate(readObserved).catch(() => [] as Awaited<ReturnType<typeof readObserved>>)),
      );
    const live = liveSince(allOpenAt);
    const { value: observed } = await pollFor(readAll, (pages) => pages.every(live), {
      timeoutMs: waitMs,
      intervalMs: 1_000,
    });
    const streamsOf = (events: ObservedEvent[]) => activityIn(events, 0).constructs;
    return {
      tabs: count,
      live: observed.filter(live).length,
      liveThroughChannel: observed.filter((events) => streamsOf(events) === 0 && live(events)).length,
      notLoaded: count - loaded.length,
      waitMs,
      streams: observed.reduce((sum, events) => sum + streamsOf(events), 0),
    };
  } finally {
    await Promise.all(tabs.map(({ tab }) => tab.close().catch(() => undefined)));
  }
}
