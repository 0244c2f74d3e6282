import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { LAB } from './lab-settings';
import { dashboardUrl } from './support/lab-page';

const REPORT_DIR = join(__dirname, 'report');

/** What the page shows, read from the DOM (not from the client's snapshot): the state badge, the counter tile, the charts. */
const rendered = () => ({
  state: document.querySelector('[data-testid="state"]')?.getAttribute('data-state') ?? null,
  events: Number(document.querySelector('[data-testid="events"]')?.textContent ?? 'NaN'),
  charts: Array.from(document.querySelectorAll('svg.kpi__chart polyline')).filter(
    (line) => (line.getAttribute('points') ?? '').split(' ').length > 2,
  ).length,
  kpis: Array.from(document.querySelectorAll('[data-testid^="kpi-"]')).filter((value) =>
    /\d/.test(value.textContent ?? ''),
  ).length,
});

test.describe('the dashboard in each engine', () => {
  test('dashboard @dashboard: renders its tiles and charts and stays live, as the page shows it', async ({
    tab,
    stack,
    engineName,
  }, testInfo) => {
    await tab.goto(dashboardUrl(stack.urls.edge, 'lab'));
    await expect
      .poll(() => tab.evaluate(rendered), { message: 'open, with every chart drawn', timeout: 20_000 })
      .toMatchObject({ state: 'open', charts: 4, kpis: 4 });
    const first = await tab.evaluate(rendered);
    // Live: the counter the page shows goes on rising, a few ticks later.
    await expect
      .poll(async () => (await tab.evaluate(rendered)).events, { timeout: 10 * LAB.TICK_MS + 5000 })
      .toBeGreaterThan(first.events + 3);
    // The picture of the dashboard in this engine (docs/dashboard-<engine>.png is one of these).
    const shot = await tab.screenshot();
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(join(REPORT_DIR, `dashboard-${engineName}.png`), shot);
    await testInfo.attach(`dashboard in ${engineName}`, { body: shot, contentType: 'image/png' });
  });
});
