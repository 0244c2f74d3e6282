import { defineConfig } from '@playwright/test';
import { selectedEngines } from './engines';
import { reportDir, suiteReporters } from './support/suite-config';

/**
 * `make e2e-merge`: the shards' blob reports replayed into one report, as if one run had made them:
 * the findings report (every finding required in every engine of BROWSERS, with LAB_REQUIRE_ALL_FINDINGS=1),
 * the Playwright report and the time per project, in E2E_REPORT_DIR (default report).
 */
export default defineConfig({
  testDir: '.',
  reporter: suiteReporters(reportDir(), selectedEngines()).filter(([name]) => name !== 'blob'),
});
