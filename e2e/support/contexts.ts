import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { snapshot } from './lab-page';

/** Runs `body` with one page per fresh browser context (own connection pool each), closing them all after. */
export async function withPages<T>(browser: Browser, count: number, body: (pages: Page[]) => Promise<T>): Promise<T> {
  const contexts = await Promise.all(Array.from({ length: count }, () => browser.newContext()));
  try {
    return await body(await Promise.all(contexts.map((context) => context.newPage())));
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/** Five tabs per context (Chromium allows six connections per host and context), each live. */
export async function openTabs(contexts: BrowserContext[], url: string, tabsPerContext = 5): Promise<Page[]> {
  const pages: Page[] = [];
  for (const context of contexts) {
    const opened = await Promise.all(Array.from({ length: tabsPerContext }, () => context.newPage()));
    await Promise.all(opened.map((page) => page.goto(url)));
    pages.push(...opened);
  }
  await Promise.all(pages.map((page) => expect.poll(async () => (await snapshot(page)).counters.events, { timeout: 20_000 }).toBeGreaterThan(0)));
  return pages;
}

/** Runs `body` with five tabs per fresh context, each live, closing the contexts after. */
export async function withTabs<T>(browser: Browser, contexts: number, url: string, body: (pages: Page[]) => Promise<T>): Promise<T> {
  const opened = await Promise.all(Array.from({ length: contexts }, () => browser.newContext()));
  try {
    return await body(await openTabs(opened, url));
  } finally {
    await Promise.all(opened.map((context) => context.close()));
  }
}
