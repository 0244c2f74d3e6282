import { defineConfig } from '@playwright/test';
import { selectedEngines, type EngineName } from './engines';

const engines = selectedEngines();

/**
 * One worker, in order: every spec shares one stack and one Toxiproxy, and a fault applied by
 * one test must not leak into another running at the same time. One project per engine
 * (BROWSERS, default chromium,firefox,webkit), over the same stacks; the tests about the server
 * alone (@server) run once, in the first.
 */
export default defineConfig<{ engineName: EngineName }>({
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
    ['./support/findings-reporter.ts', { outputDir: 'report', engines }],
  ],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: engines.map((engineName, index) => ({
    name: engineName,
    // Tracing records every tab's frames; beside Chromium's run it would slow many-tab runs the
    // most where they are slowest already. A failed test gets its tab's screenshot and the stack's logs.
    use: { engineName, ...(engineName === 'chromium' ? {} : { trace: 'off' as const, screenshot: 'off' as const }) },
    grepInvert: index === 0 ? undefined : /@server\b/,
  })),
});
