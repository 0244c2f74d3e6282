import type { Profile, Tab } from '../../engines';
import { readObserved, type ObservedEvent } from '../observer-script';
import { detectPageClient, whyInconclusive } from '../page-client';
import { pollFor } from '../poll';
import { verdictsOf, type Verdict } from '../verdicts/verdict';
import type { FindingId, Topology } from '../../support/findings';

/** A tab on the target's page, with the observer the inject proxy added to it. */
export interface ObservedPage {
  tab: Tab;
  read(): Promise<ObservedEvent[]>;
}

/** Messages a page must have had before an experiment starts: its stream is known to work. */
const MESSAGES_FIRST = 2;

/** The page cannot be judged (it streams another way, or not at all): the reason is the verdict's. */
export class PageNotObservable extends Error {}

/**
 * Loads `url` in `tab` and waits, within `timeoutMs`, until the page's EventSource has had
 * MESSAGES_FIRST messages; a page that streams with fetch, or opens nothing, is not observable.
 */
export async function openObservedPage(tab: Tab, url: string, timeoutMs = 30_000): Promise<ObservedPage> {
  await tab.goto(url, { timeoutMs });
  const { value: observed, met } = await watchMessages(tab, MESSAGES_FIRST, timeoutMs);
  const why = whyInconclusive(detectPageClient(observed), timeoutMs);
  if (why) throw new PageNotObservable(why);
  if (!met)
    throw new PageNotObservable(`the page's EventSource had no ${MESSAGES_FIRST} messages within ${timeoutMs} ms`);
  return { tab, read: () => tab.evaluate(readObserved) };
}

export const messagesIn = (observed: ObservedEvent[]) => observed.filter(({ kind }) => kind === 'message');

/** Polls what the tab's observer saw until it has `wanted` messages, or `timeoutMs` runs out. */
export const watchMessages = (tab: Tab, wanted: number, timeoutMs: number) =>
  pollFor(
    () => tab.evaluate(readObserved),
    (observed) => messagesIn(observed).length >= wanted,
    { timeoutMs, intervalMs: 250 },
  );

/** Polls the page until `done` holds for what it observed, or `timeoutMs` runs out. */
export const watchPage = (page: ObservedPage, done: (observed: ObservedEvent[]) => boolean, timeoutMs: number) =>
  pollFor(() => page.read(), done, { timeoutMs, intervalMs: 500 });

/** Opens `count` tabs of one profile on `url`; a tab whose page does not load within `timeoutMs` is counted, not fatal. */
export async function openTabs(profile: Profile, url: string, count: number, timeoutMs: number) {
  const tabs: { tab: Tab; loaded: boolean }[] = [];
  for (let index = 0; index < count; index++) {
    const tab = await profile.newTab();
    const loaded = await tab.goto(url, { timeoutMs }).then(
      () => true,
      () => false,
    );
    tabs.push({ tab, loaded });
  }
  return tabs;
}

/** The observed page, or the finding's `inconclusive` verdict saying why the page cannot be observed. */
export async function observedPageOrVerdict(
  tab: Tab,
  url: string,
  id: FindingId,
  topology: Topology = 'prod',
): Promise<ObservedPage | Verdict> {
  try {
    return await openObservedPage(tab, url);
  } catch (error) {
    if (error instanceof PageNotObservable) return verdictsOf(id, topology).inconclusive(error.message);
    throw error;
  }
}
