import type { ToxiproxyAdmin } from '@sse-lab/test-support';
import { silence } from '../../chaos/silence';
import { applyToxiproxyFault, removeToxiproxyFault } from '../../chaos/toxiproxy-faults';
import type { Profile } from '../../engines';
import { readObserved } from '../observer-script';
import { activityIn, attemptTimes, lastReadyState, reconnectionAfter } from '../page-episodes';
import { pollFor } from '../poll';
import type { SilenceObservation } from '../verdicts/f1-silence';
import type { TabsObservation } from '../verdicts/f11-many-tabs';
import type { BackoffObservation } from '../verdicts/f7-backoff';
import { openTabs, watchPage, type ObservedPage } from './observed-page';

const messagesSince = (since: number) => (observed: { kind: string; at: number }[]) =>
  observed.some(({ kind, at }) => kind === 'message' && at >= since);

/**
 * F5: the edge drops the page's stream (proxy disabled and enabled again at once); the page's
 * reconnection is timed from its error to its next open, within `boundMs`.
 */
export async function observeReconnect(page: ObservedPage, admin: ToxiproxyAdmin, boundMs = 30_000) {
  const cutAt = Date.now();
  await admin.setEnabled('edge', false);
  await admin.setEnabled('edge', true);
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
  const downAt = Date.now();
  await admin.setEnabled('upstream', false);
  let observed;
  try {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    observed = await page.read();
  } finally {
    await admin.setEnabled('upstream', true);
  }
  const upAt = Date.now();
  const back = await watchPage(page, messagesSince(upAt), boundMs);
  return {
    attempts: attemptTimes(observed, downAt, upAt).map((at) => at - downAt),
    windowMs: upAt - downAt,
    stateAtEnd: lastReadyState(observed),
    ...(back.met ? { messageAfterMs: back.elapsedMs } : {}),
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
    const { value: observed } = await pollFor(readAll, (pages) => pages.every(messagesSince(allOpenAt)), {
      timeoutMs: waitMs,
      intervalMs: 1_000,
    });
    return {
      tabs: count,
      live: observed.filter(messagesSince(allOpenAt)).length,
      notLoaded: count - loaded.length,
      waitMs,
      streams: observed.reduce((sum, events) => sum + activityIn(events, 0).constructs, 0),
    };
  } finally {
    await Promise.all(tabs.map(({ tab }) => tab.close().catch(() => undefined)));
  }
}
