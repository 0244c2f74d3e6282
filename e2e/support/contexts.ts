import { expect } from '@playwright/test';
import type { Engine, Profile, Tab } from '../engines';
import { snapshot } from './lab-page';

/** Runs `body` with one tab per fresh profile (own connection pool each), closing them all after. */
export async function withPages<T>(engine: Engine, count: number, body: (tabs: Tab[]) => Promise<T>): Promise<T> {
  const profiles = await Promise.all(Array.from({ length: count }, () => engine.newProfile()));
  try {
    return await body(await Promise.all(profiles.map((profile) => profile.newTab())));
  } finally {
    await Promise.all(profiles.map((profile) => profile.close()));
  }
}

/** Five tabs per profile (every engine here allows six connections per host and profile), each live. */
export async function openTabs(profiles: Profile[], url: string, tabsPerProfile = 5): Promise<Tab[]> {
  const tabs: Tab[] = [];
  for (const profile of profiles) {
    const opened: Tab[] = [];
    for (let i = 0; i < tabsPerProfile; i++) opened.push(await profile.newTab());
    await Promise.all(opened.map((tab) => tab.goto(url)));
    tabs.push(...opened);
  }
  // A tab's first event comes once every tab of every profile has loaded: give 20 of them time.
  await Promise.all(
    tabs.map((tab) =>
      expect.poll(async () => (await snapshot(tab)).counters.events, { timeout: 60_000 }).toBeGreaterThan(0),
    ),
  );
  return tabs;
}

/** Runs `body` with five tabs per fresh profile, each live, closing the profiles after. */
export async function withTabs<T>(
  engine: Engine,
  profiles: number,
  url: string,
  body: (tabs: Tab[]) => Promise<T>,
): Promise<T> {
  const opened = await Promise.all(Array.from({ length: profiles }, () => engine.newProfile()));
  try {
    return await body(await openTabs(opened, url));
  } finally {
    await Promise.all(opened.map((profile) => profile.close()));
  }
}
