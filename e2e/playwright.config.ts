import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './browser';

/**
 * One worker, in order: every spec shares one stack and one Toxiproxy, and a fault applied by
 * one test must not leak into another running at the same time.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: require.resolve('./global-setup'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: 'report/test-results',
  reporter: [
    ['list'],
    ['html', { outputFolder: 'report/html', open: 'never' }],
    ['./support/findings-reporter.ts', { outputDir: 'report' }],
  ],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
