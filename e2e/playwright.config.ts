import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { selectedEngines, type EngineName } from './engines';
import { firstEngineTags, platformEngines } from './support/platform-engines';
import type { ProjectSettings } from './support/project-settings';
import { reportDir, suiteBase } from './support/suite-config';
import { DIRECT_TAG, selectedTransports, type StreamTransport } from './support/transports';

const engines = selectedEngines();
const transports = selectedTransports();

const engineProjects = engines.map((engineName, index) => ({
  name: engineName,
  // Tracing records every tab's frames; beside Chromium's run it would slow many-tab runs the
  // most where they are slowest already. A failed test gets its tab's screenshot and the stack's logs.
  metadata: { engineName } satisfies ProjectSettings,
  use: {
    engineName,
    ...(engineName === 'chromium' ? {} : { trace: 'off' as const, screenshot: 'off' as const }),
  },
  // After the first engine: not the tests about the server alone, the target mode's own, nor (but
  // with PLATFORM_ENGINES=all) the platform rows.
  grepInvert: index === 0 ? undefined : new RegExp(`@(${firstEngineTags(platformEngines()).join('|')})\\b`),
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
  testMatch: /.*\.spec\.ts$/,
  // A target's verdicts run on stacks of their own, side by side (targets.config.ts).
  testIgnore: /target-verdicts\.spec\.ts$/,
  globalSetup: join(__dirname, 'global-setup.ts'),
  ...suiteBase(reportDir(), engines),
  workers: 1,
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    ...(transports.includes('sse-decorator') ? engineProjects : []),
    ...(transports.includes('direct') ? [directProject] : []),
  ],
});
