import { defineConfig } from '@playwright/test';
import type { ProjectSettings } from '../project-settings';
import { shardReporters } from '../shard-report';

/**
 * A suite in the lab's shape (a project per engine, @server tests in the first only, @direct
 * tests on a transport project of their own) that needs no browser: shard-merge.test.ts runs it
 * whole and one project at a time, and holds the merge of the shards to the whole run's rows.
 */
const engines = ['chromium', 'firefox', 'webkit'] as const;

export default defineConfig<ProjectSettings>({
  testDir: '.',
  testMatch: /rows\.fixture\.ts$/,
  workers: 1,
  outputDir: `${process.env.FIXTURE_OUT}/test-results`,
  reporter: [
    ['../findings-reporter.ts', { outputDir: process.env.FIXTURE_OUT, engines: [...engines] }],
    ...shardReporters(process.env.E2E_SHARD, `${process.env.FIXTURE_OUT}/shards`),
  ],
  projects: [
    ...engines.map((engineName, index) => ({
      name: engineName,
      metadata: { engineName } satisfies ProjectSettings,
      use: { engineName },
      grepInvert: index === 0 ? undefined : /@server\b/,
    })),
    {
      name: 'chromium-direct',
      metadata: { engineName: 'chromium', streamTransport: 'direct' } satisfies ProjectSettings,
      use: { engineName: 'chromium', streamTransport: 'direct' },
      grep: /@direct\b/,
    },
  ],
});
