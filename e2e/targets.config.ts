import { defineConfig } from '@playwright/test';
import { selectedEngines } from './engines';
import { reportDir, suiteBase } from './support/suite-config';
import type { ProjectSettings } from './support/project-settings';
import { loadTarget } from './target/target-file';
import { targetFilesUnderTest, targetWorkers } from './target/targets-under-test';

const engines = selectedEngines();
const targets = targetFilesUnderTest().map((file) => loadTarget(file));

/**
 * A target's verdicts (`make test TARGET=…`), or the examples' (`make examples`): one project per
 * target × engine, each on a stack of its own (compose project and ports of its own slot), run
 * TARGET_WORKERS at a time. They are mostly waiting (outages held, silences watched), so side by
 * side they take little more than the longest of them. The verdicts about the server alone (@server)
 * are given once per target, in the first engine.
 */
export default defineConfig<ProjectSettings>({
  testDir: '.',
  testMatch: /target-verdicts\.spec\.ts$/,
  ...suiteBase(reportDir(), engines),
  workers: targetWorkers(),
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: targets.flatMap((target, targetIndex) =>
    engines.map((engineName, engineIndex) => {
      const settings = { engineName, targetFile: target.file, stackSlot: targetIndex * engines.length + engineIndex };
      return {
        name: `${target.name}-${engineName}`,
        metadata: settings,
        use: settings,
        // The spec describes every target: this project runs its own.
        grep: new RegExp(`verdicts on ${target.name} `),
        grepInvert: engineIndex === 0 ? undefined : /@server\b/,
      };
    }),
  ),
});
