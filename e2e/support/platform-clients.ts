import { expect } from '@playwright/test';
import type { Engine, Tab } from '../engines';
import { CLIENT, LAB } from '../lab-settings';
import { dashboardUrl, sequenceOf, snapshot } from './lab-page';
import type { PlatformRun } from './platform-run';
import { timeWithoutStream } from './stream-time';

/**
 * A lab client and a native EventSource, each in a tab of its own, live behind the platform, for
 * `body`; the browser profile is closed after.
 */
export async function withClients<T>(
  engine: Engine,
  platform: PlatformRun,
  body: (tabs: { lab: Tab; native: Tab }, since: number) => Promise<T>,
): Promise<T> {
  const browser = await engine.newProfile({ ignoreHTTPSErrors: platform.profile.http2 });
  try {
    const since = Date.now();
    const tabs = { lab: await browser.newTab(), native: await browser.newTab() };
    await Promise.all([
      tabs.lab.goto(dashboardUrl(platform.url, 'lab')),
      tabs.native.goto(dashboardUrl(platform.url, 'native')),
    ]);
    for (const tab of Object.values(tabs))
      await expect.poll(async () => (await snapshot(tab)).counters.opens, { timeout: 20_000 }).toBeGreaterThan(0);
    return await body(tabs, since);
  } finally {
    await browser.close();
  }
}

/** A client's figures as columns of a row: `lab.gaps`, `native.timeWithoutStreamMs`, … */
export const asMeasured = (client: string, figures: Record<string, number | boolean>) =>
  Object.fromEntries(
    Object.entries(figures).map(([key, value]) => [
      `${client}.${key}`,
      typeof value === 'boolean' ? String(value) : value,
    ]),
  );

export async function clientFigures(tab: Tab, from: number) {
  const seen = await snapshot(tab);
  const { contiguous, duplicates } = sequenceOf(seen.receivedIds);
  return {
    contiguous,
    duplicates,
    resets: seen.counters.resets,
    gaps: seen.counters.gaps,
    timeWithoutStreamMs: timeWithoutStream(seen, from, Date.now()),
  };
}

/** What else a mitigated row ran with, for the recommendation table: the server's `retry:` and the lab client's watchdog. */
export const runSettings = () => ({
  retryMs: LAB.RETRY_MS,
  retryJitterPct: LAB.RETRY_JITTER_PCT,
  labWatchdogHeartbeats: CLIENT.staleAfterHeartbeats,
});

/** Every client's ids contiguous, with no gap, reset or duplicate: nothing lost behind the platform. */
export function expectEveryEventOnce(clients: Record<string, Awaited<ReturnType<typeof clientFigures>>>): void {
  for (const [client, figures] of Object.entries(clients))
    expect(figures, `the ${client} client`).toMatchObject({ contiguous: true, duplicates: 0, resets: 0, gaps: 0 });
}
