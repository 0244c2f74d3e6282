import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { selectedEngines, type EngineName } from './engines';
import type { ProjectSettings } from './support/project-settings';
import { shardReporters } from './support/shard-report';
import { DIRECT_TAG, selectedTransports, type StreamTransport } from './support/transports';
import { isTargetRun } from './target/targets-under-test';

const engines = selectedEngines();
const transports = selectedTransports();
/** `make test TARGET=…`: a team's app only, its page's verdicts in every engine asked for. */
const targetRun = isTargetRun();

const engineProjects = engines.map((engineName, index) => ({
  name: engineName,
  // Tracing records every tab's frames; beside Chromium's run it would slow many-tab runs the
  // most where they are slowest already. A failed test gets its tab's screenshot and the stack's logs.
  metadata: { engineName } satisfies ProjectSettings,
  use: {
    engineName,
    ...(engineName === 'chromium' ? {} : { trace: 'off' as const, screenshot: 'off' as const }),
  },
  // After the first engine: not the tests about the server alone, the target mode's own, or (in the
  // lab's run, where the examples get theirs in one engine) a target's page verdicts.
  grepInvert: index === 0 ? undefined : targetRun ? /@server\b/ : /@(server|target|verdict)\b/,
}));
// The stream-level findings (@direct) again, on STREAM_TRANSPORT=direct, in the first engine: the
// transport is the server's, so one engine tells whether a finding holds on it; last, on the same stacks.
const directProject = {
  name: `${engines[0]}-direct`,
  metadata: { engineName: engines[0]!, streamTransport: 'direct' } satisfies ProjectSettings,
  use: { ...engineProjects[0]!.use, streamTransport: 'direct' as const },
  grep: new RegExp(`${DIRECT_TAG}\\b`),
};

/**
 * One worker, in order: every spec shares one stack and one Toxiproxy, and a fault applied by
 * one test must not leak into another running at the same time. One project per engine
 * (BROWSERS, default chromium,firefox,webkit), over the same stacks; the tests about the server
 * alone (@server) and the target mode's own (@target) run once, in the first. Then, with TRANSPORTS including direct (the default),
 * the @direct tests once more on the direct stream transport.
 */
export default defineConfig<{ engineName: EngineName; streamTransport: StreamTransport }>({
  testDir: '.',
  testMatch: targetRun ? /target-verdicts\.spec\.ts$/ : /.*\.spec\.ts$/,
  // A target run builds the target's stack in the spec, and none of the lab's.
  globalSetup: targetRun ? undefined : join(__dirname, 'global-setup.ts'),
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
    ['./support/durations-reporter.ts', { outputDir: 'report' }],
    ...shardReporters(),
  ],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    ...(transports.includes('sse-decorator') ? engineProjects : []),
    ...(transports.includes('direct') && !targetRun ? [directProject] : []),
  ],
});
