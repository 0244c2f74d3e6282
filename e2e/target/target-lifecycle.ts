import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeAnswer, notUpYet, streamProblem, waitForAnswer } from './page-wait';
import { compose, type TargetStack } from './target-stack';

const run = promisify(execFile);

/** A target that could not be brought up; the stack has been taken down again. */
export class TargetStartError extends Error {
  override readonly name = 'TargetStartError';
}

export interface StartOptions {
  /** How long the page may take to answer through the edge once the containers run. */
  startTimeoutMs?: number;
  progress?: (line: string) => void;
}

/** The upstream name a Dockerfile without `ARG NODE_IMAGE` starts from. */
const UPSTREAM_NODE_IMAGE = 'node:22-bookworm-slim';

/**
 * Where the bootstrap built a local stand-in for the Node base image (no registry answers), a
 * Dockerfile that says `FROM node:22-bookworm-slim` gets it under that name too.
 */
async function aliasLocalNodeImage(stack: TargetStack, progress: (line: string) => void): Promise<void> {
  const local = stack.env.NODE_IMAGE;
  if (!local || local === UPSTREAM_NODE_IMAGE) return;
  const present = await run('docker', ['image', 'inspect', UPSTREAM_NODE_IMAGE]).then(
    () => true,
    () => false,
  );
  if (present) return;
  progress(`    ${UPSTREAM_NODE_IMAGE} is the local ${local} here`);
  await run('docker', ['tag', local, UPSTREAM_NODE_IMAGE]);
}

async function appLogTail(stack: TargetStack): Promise<string> {
  try {
    const logs = await compose(stack, ['logs', '--no-color', '--tail', '15', 'app'], 30_000);
    return logs.trim() || '(the app printed nothing)';
  } catch (error) {
    return `(its log could not be read: ${(error as Error).message})`;
  }
}

async function failAndTakeDown(stack: TargetStack, reason: string): Promise<never> {
  const logs = await appLogTail(stack);
  await compose(stack, ['down', '-v', '--remove-orphans'], 120_000).catch(() => undefined);
  throw new TargetStartError(
    `target ${stack.target.name}: ${reason}\n  the app's last log lines:\n${logs.replace(/^/gm, '    ')}\n  (its stack has been taken down)`,
  );
}

/** Builds (or takes) the target's image, starts its stack and waits until its page answers through the edge. */
export async function startTarget(stack: TargetStack, options: StartOptions = {}): Promise<void> {
  const { startTimeoutMs = 60_000, progress = () => undefined } = options;
  const { target } = stack;
  if (target.build) {
    progress(`==> building ${target.name} from ${target.build}`);
    await aliasLocalNodeImage(stack, progress);
    await compose(stack, ['build', 'app']).catch((error: Error) => {
      throw new TargetStartError(`target ${target.name}: its image did not build\n  ${error.message}`);
    });
  }
  progress(`==> starting ${target.name} behind the edge proxy (${stack.project})`);
  try {
    await compose(stack, ['up', '-d', '--wait', '--wait-timeout', '60', '--remove-orphans'], 180_000);
  } catch (error) {
    await failAndTakeDown(stack, `its containers did not start\n  ${(error as Error).message}`);
  }
  // The health path first when the target gives one, then the page: both must answer through the edge.
  const waits = [
    ...(target.health ? [{ field: 'health', path: target.health }] : []),
    { field: 'page', path: target.page },
  ];
  for (const { field, path } of waits) {
    const url = `${stack.urls.edge}${path}`;
    progress(`==> waiting for ${url} (at most ${startTimeoutMs / 1000} s)`);
    const { answer, tries } = await waitForAnswer(url, startTimeoutMs);
    if (notUpYet(answer)) {
      return failAndTakeDown(
        stack,
        `GET ${url} got no answer from the app within ${startTimeoutMs / 1000} s ` +
          `(${tries} tries, last: ${describeAnswer(answer)}); is "port" (${target.port}) the port the app listens on in its container?`,
      );
    }
    if ('status' in answer && answer.status >= 400) {
      return failAndTakeDown(stack, `GET ${url} answered ${answer.status}; is "${field}" (${path}) right?`);
    }
  }
  if (target.stream) {
    const url = `${stack.urls.edge}${target.stream}`;
    const problem = await streamProblem(url);
    if (problem) return failAndTakeDown(stack, `GET ${url} ${problem}; is "stream" (${target.stream}) right?`);
  }
}

/** Takes the target's stack down, volumes included. */
export async function stopTarget(stack: TargetStack): Promise<void> {
  await compose(stack, ['down', '-v', '--remove-orphans'], 120_000);
}
