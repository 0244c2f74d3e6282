import type { Browser, Page } from '@playwright/test';

/** Runs `body` with one page per fresh browser context (own connection pool each), closing them all after. */
export async function withPages<T>(browser: Browser, count: number, body: (pages: Page[]) => Promise<T>): Promise<T> {
  const contexts = await Promise.all(Array.from({ length: count }, () => browser.newContext()));
  try {
    return await body(await Promise.all(contexts.map((context) => context.newPage())));
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}
