import { execFile } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../lab-settings';
import type { TargetStack } from './target-stack';
import type { TargetDescription } from './verdicts/record';

const run = promisify(execFile);

/**
 * The examples that ship with the lab: `make test` gives each its verdicts and holds them to its
 * verdicts.json. The demo is one of them three times: its page with the lab client, with `?client=native`,
 * and as two instances on per-process logs (F12-F13); nest-app is a team's Nest app on the packed
 * @sse-lab/nest and @sse-lab/client.
 */
export const EXAMPLE_TARGETS = [
  'examples/spike/target.json',
  'examples/plain-node/target.json',
  'examples/demo/target.json',
  'examples/demo-native/target.json',
  'examples/nest-app/target.json',
  'examples/demo-replicas/target.json',
];

/** LAB_TARGET (a team's target file, from `make test TARGET=…`), or the examples. */
export function targetFilesUnderTest(): string[] {
  const given = process.env.LAB_TARGET;
  if (given) return [resolve(given)];
  return EXAMPLE_TARGETS.map((file) => join(REPO_ROOT, file));
}

/**
 * TARGET_WORKERS: how many target stacks run side by side (default 3: the four examples took 5.5 min
 * so on 2 cores, their verdicts unchanged; the experiments mostly wait).
 */
export function targetWorkers(value: string | undefined = process.env.TARGET_WORKERS): number {
  if (value === undefined || value === '') return 3;
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 8)
    throw new Error(`TARGET_WORKERS="${value}": expected a whole number of stacks side by side, 1 to 8`);
  return workers;
}

/** The target as the report's header names it: its file, and the image the stack ran with its id. */
export async function describeTarget(stack: TargetStack): Promise<TargetDescription> {
  const image = stack.env.TARGET_IMAGE!;
  const { stdout } = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).catch(() => ({
    stdout: '',
  }));
  const file = relative(REPO_ROOT, stack.target.file);
  return {
    name: stack.target.name,
    image,
    ...(stdout.trim() ? { imageId: stdout.trim() } : {}),
    file: file.startsWith('..') ? stack.target.file : file,
  };
}
