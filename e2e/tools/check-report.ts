import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumLaunchOptions } from '../engines/installed-browsers';

/**
 * Opens the findings report in Chromium and fails when it logs an error, fetches anything, or
 * links the matrix to a section it does not have. `--screenshot FILE` also saves its top.
 * Usage: `npx tsx e2e/tools/check-report.ts e2e/report/findings.html [--screenshot docs/findings-report.png]`
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const shotAt = args.indexOf('--screenshot');
  const screenshot = shotAt === -1 ? undefined : args[shotAt + 1];
  const file = resolve(args.find((arg, i) => !arg.startsWith('--') && i !== shotAt + 1) ?? 'report/findings.html');
  if (!existsSync(file)) {
    console.error(`check-report: ${file} does not exist; run the suite first ("make e2e").`);
    return 1;
  }
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => !request.url().startsWith('file:') && problems.push(`fetched ${request.url()}`));
    await page.goto(pathToFileURL(file).href);
    const { links, broken, sections, timelines, f14Rows, engineTable } = await page.evaluate(() => {
      const targets = Array.from(document.querySelectorAll('table.matrix a[href^="#"]')).map((a) =>
        a.getAttribute('href')!.slice(1),
      );
      return {
        links: targets.length,
        broken: targets.filter((id) => !document.getElementById(id)),
        sections: document.querySelectorAll('section[id]').length,
        timelines: document.querySelectorAll('svg.timeline').length,
        // F14's rows, and whether its section has the engine × behaviour table they make.
        f14Rows: Array.from(document.querySelectorAll('#F14 table.rows tbody tr')).filter(
          (row) => !row.querySelector('td[colspan]'),
        ).length,
        engineTable: document.querySelectorAll('#F14 table.engines').length > 0,
      };
    });
    if (links === 0) problems.push('the matrix has no link');
    if (f14Rows > 0 && !engineTable) problems.push('F14 has rows but no engine × behaviour table');
    for (const id of new Set(broken)) problems.push(`the matrix links to #${id}, which is not a section`);
    if (screenshot) {
      // The picture for the README: the header, the matrix and the first timeline, nothing else.
      await page.setViewportSize({ width: 2200, height: 900 });
      await page.evaluate(() => {
        const figure = document.querySelector('figure');
        const legend = document.querySelector('.legend');
        if (figure && legend) legend.after(figure);
        document.querySelectorAll('section').forEach((section) => ((section as HTMLElement).style.display = 'none'));
      });
      await page.screenshot({ path: resolve(screenshot), fullPage: true });
      console.log(`saved ${screenshot}`);
    }
    if (problems.length > 0) {
      for (const problem of problems) console.error(`check-report: ${problem}`);
      return 1;
    }
    console.log(`findings report ok: ${sections} sections, ${links} matrix links, ${timelines} timelines (${file})`);
    return 0;
  } finally {
    await browser.close();
  }
}

void main().then((code) => process.exit(code));
