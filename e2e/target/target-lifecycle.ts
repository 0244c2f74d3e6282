import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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

type PageAnswer = { status: number } | { error: string };

async function getPage(url: string): Promise<PageAnswer> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** A proxy's answer while the app is not listening yet: keep polling. */
const notUpYet = (answer: PageAnswer) => 'error' in answer || [502, 503, 504].includes(answer.status);

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
  progress(`==> waiting for ${stack.urls.page} (at most ${startTimeoutMs / 1000} s)`);
  const deadline = Date.now() + startTimeoutMs;
  let tries = 0;
  let answer: PageAnswer;
  do {
    tries++;
    answer = await getPage(stack.urls.page);
    if (!notUpYet(answer)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  } while (Date.now() < deadline);
  if ('error' in answer || notUpYet(answer)) {
    const last = 'error' in answer ? answer.error : `HTTP ${answer.status}`;
    return failAndTakeDown(
      stack,
      `GET ${stack.urls.page} got no answer from the app within ${startTimeoutMs / 1000} s ` +
        `(${tries} tries, last: ${last}); is "port" (${target.port}) the port the app listens on in its container?`,
    );
  }
  if (answer.status >= 400) {
    return failAndTakeDown(
      stack,
      `GET ${stack.urls.page} answered ${answer.status}; is "page" (${target.page}) right?`,
    );
  }
}

/** Takes the target's stack down, volumes included. */
export async function stopTarget(stack: TargetStack): Promise<void> {
  await compose(stack, ['down', '-v', '--remove-orphans'], 120_000);
}
