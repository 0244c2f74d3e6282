import { defineConfig } from '@playwright/test';
import { selectedEngines } from './engines';

/**
 * `make e2e-merge`: the shards' blob reports replayed into one report, as if one run had made them:
 * the findings report (every finding required in every engine of BROWSERS, with LAB_REQUIRE_ALL_FINDINGS=1),
 * the Playwright report and the time per project. E2E_REPORT_DIR (default report) is where they go.
 */
const reportDir = process.env.E2E_REPORT_DIR || 'report';

export default defineConfig({
  testDir: '.',
  reporter: [
    ['list'],
    ['html', { outputFolder: `${reportDir}/html`, open: 'never' }],
    ['./support/findings-reporter.ts', { outputDir: reportDir, engines: selectedEngines() }],
    ['./support/durations-reporter.ts', { outputDir: reportDir }],
  ],
});
