import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../engines/installed-browsers';

/** Saves a screenshot of a page once it shows live data: `npx tsx e2e/tools/screenshot.ts URL FILE`. */
async function main(): Promise<void> {
  const [url = 'http://127.0.0.1:8080/', file = 'dashboard.png'] = process.argv.slice(2);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(url);
    await page.waitForFunction(() => (window.__sseLab?.counters.events ?? 0) >= 5, undefined, { timeout: 30_000 });
    await page.screenshot({ path: file, fullPage: true });
    console.log(`saved ${file}`);
  } finally {
    await browser.close();
  }
}

declare global {
  interface Window {
    __sseLab?: { counters: { events: number } };
  }
}

void main();
