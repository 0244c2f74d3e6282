import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lab-settings';
import { lintLocalActions, localActionFiles } from './lint-actions';
import { workflowFiles } from './lint-workflows';

/** A repository of its own with the given files, relative to its root. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'actions-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const ACTION = `name: Verdicts
description: The lab's verdicts on a target
inputs:
  target: { description: the target file, required: true }
  browsers: { description: engines, required: false, default: chromium }
runs:
  using: composite
  steps:
    - run: echo ok
    - shell: bash
      run: echo ok
`;

const WORKFLOW = `on: push
jobs:
  verdicts:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/verdicts
        with: { browser: firefox }
      - uses: ./.github/actions/missing
`;

describe('the local actions and the steps that use them', () => {
  it("hold in the lab's own repository", () => {
    expect(localActionFiles(REPO_ROOT).map((file) => file.split('/').at(-2))).toEqual(
      expect.arrayContaining(['setup-lab', 'target-verdicts']),
    );
    expect(lintLocalActions(REPO_ROOT, workflowFiles())).toEqual([]);
  });

  it('name an unknown input, a required one left out, a missing action and a run step without a shell', () => {
    const root = repository({
      '.github/actions/verdicts/action.yml': ACTION,
      '.github/workflows/team.yml': WORKFLOW,
    });
    const problems = lintLocalActions(root, [join(root, '.github/workflows/team.yml')]);
    expect(problems.map(({ file, message }) => `${file}: ${message}`)).toEqual([
      '.github/workflows/team.yml: job verdicts, ./.github/actions/verdicts: ./.github/actions/verdicts has no input "browser" (it has: target, browsers)',
      '.github/workflows/team.yml: job verdicts, ./.github/actions/verdicts: ./.github/actions/verdicts needs the input "target"',
      '.github/workflows/team.yml: job verdicts, ./.github/actions/missing: ./.github/actions/missing has no action.yml',
      '.github/actions/verdicts/action.yml: step 1: a run step of a composite action needs a shell',
    ]);
  });

  it('name an action without its name, description or runs', () => {
    const root = repository({ '.github/actions/bare/action.yml': 'inputs: {}\n' });
    expect(lintLocalActions(root, []).map(({ message }) => message)).toEqual([
      'no name',
      'no description',
      'no runs.using',
    ]);
  });
});
