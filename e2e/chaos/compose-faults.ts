import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FaultRequest } from './resolve';

const run = promisify(execFile);

/** How to reach the stack: `docker compose -f compose.prod.yaml` by default. */
export interface ComposeTarget {
  file: string;
  service: string;
  cwd: string;
  /** Compose project name, when it is not the default of the file. */
  project?: string;
  extraFiles?: string[];
  /** Variables the compose files need (a target's stack is described by them). */
  env?: Record<string, string>;
}

export async function compose(target: ComposeTarget, ...args: string[]): Promise<string> {
  const project = target.project ? ['-p', target.project] : [];
  const files = [target.file, ...(target.extraFiles ?? [])].flatMap((file) => ['-f', file]);
  const { stdout } = await run('docker', ['compose', ...project, ...files, ...args], {
    cwd: target.cwd,
    env: { ...process.env, ...target.env },
  });
  return stdout;
}

/**
 * The cgroup freezer can give up on a busy container ("unable to freeze"), leaving it running:
 * a loaded machine's transient refusal, tried again twice before it counts.
 */
async function pauseWithRetry(target: ComposeTarget, progress: (line: string) => void, tries = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await compose(target, 'pause', target.service);
      return;
    } catch (error) {
      if (attempt >= tries || !/unable to freeze/.test((error as Error).message)) throw error;
      progress(`the freezer refused to pause ${target.service} (attempt ${attempt} of ${tries}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** restart-backend: stop and start the app; pause-backend: freeze it for `seconds`, then resume. */
export async function applyBackendFault(
  target: ComposeTarget,
  { fault, params }: FaultRequest,
  progress: (line: string) => void = () => undefined,
): Promise<void> {
  if (fault.kind !== 'backend') throw new Error(`fault "${fault.name}" is not a backend fault`);
  if (fault.action === 'restart' && !params.downSeconds) {
    progress(`restarting ${target.service}`);
    await compose(target, 'restart', '--timeout', '10', target.service);
    return;
  }
  if (fault.action === 'restart') {
    progress(`stopping ${target.service} for ${params.downSeconds} s`);
    await compose(target, 'stop', '--timeout', '10', target.service);
    try {
      await countDown(params.downSeconds, progress);
    } finally {
      progress(`starting ${target.service}`);
      await compose(target, 'up', '-d', '--no-deps', '--no-recreate', '--wait', target.service);
    }
    return;
  }
  progress(`pausing ${target.service} for ${params.seconds} s`);
  await pauseWithRetry(target, progress);
  try {
    await countDown(params.seconds, progress);
  } finally {
    await compose(target, 'unpause', target.service);
    progress(`${target.service} resumed`);
  }
}

export async function countDown(seconds: number, progress: (line: string) => void): Promise<void> {
  for (let left = seconds; left > 0; left--) {
    if (left % 5 === 0 || left <= 3) progress(`  ${left} s left`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
