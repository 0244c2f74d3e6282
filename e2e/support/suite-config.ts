import type { PlaywrightTestConfig, ReporterDescription } from '@playwright/test';
import type { EngineName } from '../engines/engine';
import { shardReporters } from './shard-report';

/**
 * Where a run writes its reports: E2E_REPORT_DIR, relative to e2e/ (default report). The examples'
 * phase writes report/examples, so that it and the lab's suite keep each other's reports.
 */
export const reportDir = (value: string | undefined = process.env.E2E_REPORT_DIR): string => value || 'report';

/**
 * The reporters of every run of the suite, and of a merge of its shards: the list, Playwright's
 * HTML report, the findings report (with the engines of the run) and the time per project; in a
 * shard (E2E_SHARD), its blob report too.
 */
export function suiteReporters(dir: string, engines: EngineName[]): ReporterDescription[] {
  return [
    ['list'],
    ['html', { outputFolder: `${dir}/html`, open: 'never' }],
    ['./support/findings-reporter.ts', { outputDir: dir, engines }],
    ['./support/durations-reporter.ts', { outputDir: dir }],
    ...shardReporters(),
  ];
}

/**
 * What the lab's suite and a target run share: no retries (a flaky test is a failure), no `.only`,
 * in order within a file (a fault applied by one test must not meet another), and the reports in `dir`.
 */
export function suiteBase(dir: string, engines: EngineName[]): PlaywrightTestConfig {
  return {
    fullyParallel: false,
    retries: 0,
    forbidOnly: true,
    timeout: 90_000,
    expect: { timeout: 10_000 },
    outputDir: `${dir}/test-results`,
    reporter: suiteReporters(dir, engines),
  };
}
