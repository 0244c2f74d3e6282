import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './engine-fixtures';
import { REPO_ROOT, TARGET_PORTS as PORTS } from './lab-settings';
import { loadTarget, type Target } from './target/target-file';
import { startTarget, stopTarget, TargetStartError } from './target/target-lifecycle';
import { describeTargetStack } from './target/target-stack';

const run = promisify(execFile);

const SPIKE_FILE = join(REPO_ROOT, 'examples/spike/target.json');
const spike = (): Target => loadTarget(SPIKE_FILE);

async function runningContainers(project: string): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`]);
  return stdout.split('\n').filter(Boolean);
}

test.describe('target mode: bad targets', () => {
  const badTargets: { field: string; change: Partial<Target>; says: RegExp }[] = [
    { field: 'port', change: { port: 3999 }, says: /got no answer from the app.*is "port" \(3999\)/s },
    {
      field: 'page',
      change: { page: '/api/nothing-here' },
      says: /answered 404; is "page" \(\/api\/nothing-here\) right\?/,
    },
    {
      field: 'stream',
      change: { stream: '/not-a-stream' },
      says: /answered (404|200 with text\/html).*; is "stream" \(\/not-a-stream\) right\?/,
    },
  ];
  for (const { field, change, says } of badTargets) {
    test(`target @target: a wrong "${field}" is named in one answer within the bound, and nothing is left running`, async () => {
      test.setTimeout(300_000);
      // The spike's build, from its cached layers once one test has built it.
      const target: Target = { ...spike(), name: `spike-bad-${field}`, ...change };
      const stack = describeTargetStack(target, { ports: PORTS });
      const error = await startTarget(stack, { startTimeoutMs: 10_000 }).then(
        () => stopTarget(stack).then(() => new Error('the target started')),
        (failure: Error) => failure,
      );
      expect(error).toBeInstanceOf(TargetStartError);
      expect(error.message).toMatch(says);
      expect(error.message).toContain("the app's last log lines");
      expect(await runningContainers(stack.project)).toEqual([]);
    });
  }
});
