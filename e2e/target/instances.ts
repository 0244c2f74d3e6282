import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { countDown } from '../chaos/compose-faults';
import { waitForAnswer } from './page-wait';
import { compose, type TargetStack } from './target-stack';

const run = promisify(execFile);

/** One instance of a target's app (one container of its `app` service), reached without any proxy. */
export interface AppInstance {
  /** Its name within the stack, e.g. `app-2` (compose's container name without the project). */
  name: string;
  container: string;
  /** Its own port on 127.0.0.1, Docker's pick: it may change when the instance restarts. */
  url?: string;
}

interface PsEntry {
  ID: string;
  Name: string;
  Publishers?: { URL?: string; TargetPort: number; PublishedPort: number }[];
}

/** The instances in `docker compose ps --format json` (JSON lines, or one array from older compose), by name. */
export function instancesFromPs(output: string, port: number, project: string): AppInstance[] {
  const trimmed = output.trim();
  if (!trimmed) return [];
  const entries: PsEntry[] = trimmed.startsWith('[')
    ? (JSON.parse(trimmed) as PsEntry[])
    : trimmed.split('\n').map((line) => JSON.parse(line) as PsEntry);
  return entries
    .map(({ ID, Name, Publishers = [] }) => {
      const published = Publishers.find(({ TargetPort, PublishedPort }) => TargetPort === port && PublishedPort > 0);
      return {
        name: Name.startsWith(`${project}-`) ? Name.slice(project.length + 1) : Name,
        container: ID,
        ...(published ? { url: `http://127.0.0.1:${published.PublishedPort}` } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/** The target's running instances, each with the port Docker gave it now. */
export async function appInstances(stack: TargetStack): Promise<AppInstance[]> {
  const listed = await compose(stack, ['ps', '--format', 'json', 'app'], 30_000);
  return instancesFromPs(listed, stack.target.port, stack.project);
}

/** The path an instance is asked for to know it serves again: the health path, else the stream's, else the page. */
const readinessPath = ({ health, stream, page }: TargetStack['target']) => health ?? stream ?? page;

/**
 * Restarts one instance (SIGTERM, `stopGraceS` to finish, then started again) and waits until it
 * answers on its own port; says how long that took.
 */
export async function restartInstance(
  stack: TargetStack,
  instance: AppInstance,
  { stopGraceS = 10, readyWithinMs = 60_000 } = {},
): Promise<{ name: string; restartMs: number }> {
  const startedAt = Date.now();
  await run('docker', ['restart', '--time', String(stopGraceS), instance.container], {
    timeout: (stopGraceS + 60) * 1000,
  });
  return servingAgain(stack, instance, startedAt, readyWithinMs);
}

/** Waits until a (re)started instance answers on its own port; says how long it took from `since`. */
async function servingAgain(stack: TargetStack, instance: AppInstance, since: number, readyWithinMs: number) {
  const restarted = (await appInstances(stack)).find(({ container }) => container === instance.container);
  if (!restarted?.url) throw new Error(`${instance.name} has no port of its own after its restart`);
  const url = `${restarted.url}${readinessPath(stack.target)}`;
  const { answer, tries } = await waitForAnswer(url, readyWithinMs);
  if (!('status' in answer) || answer.status >= 400)
    throw new Error(
      `${instance.name} did not serve again within ${readyWithinMs / 1000} s of its start (${tries} tries of ${url}, last: ${JSON.stringify(answer)})`,
    );
  return { name: instance.name, restartMs: Date.now() - since };
}

/**
 * kill-replica on a target: instance `number` (1 is the first) killed with SIGKILL, started again
 * after `downSeconds`, and waited for until it serves.
 */
export async function killInstance(
  stack: TargetStack,
  number: number,
  downSeconds: number,
  progress: (line: string) => void = () => undefined,
) {
  const instances = await appInstances(stack);
  const instance = instances[number - 1];
  if (!instance)
    throw new Error(
      `replicaNumber=${number}: ${stack.target.name} runs ${instances.map(({ name }) => name).join(', ')}`,
    );
  progress(`killing ${instance.name} (SIGKILL)`);
  const killedAt = Date.now();
  await run('docker', ['kill', '--signal', 'KILL', instance.container]);
  try {
    await countDown(downSeconds, progress);
  } finally {
    progress(`starting ${instance.name}`);
    await run('docker', ['start', instance.container]);
  }
  return servingAgain(stack, instance, killedAt, 60_000);
}

/** A rolling deploy: every instance restarted in turn, each once the previous one serves again. */
export async function rollingRestart(stack: TargetStack, progress: (line: string) => void = () => undefined) {
  const restarts = [];
  for (const instance of await appInstances(stack)) {
    progress(`    restarting ${instance.name}`);
    restarts.push(await restartInstance(stack, instance));
  }
  return restarts;
}

/** Each instance's stream on its own port (the target's `stream` path), read now. */
export async function instanceStreams(stack: TargetStack): Promise<{ name: string; url: string }[]> {
  return (await appInstances(stack)).map(({ name, url }) => {
    if (!url) throw new Error(`${name} has no port of its own on 127.0.0.1: is it running?`);
    return { name, url: `${url}${stack.target.stream ?? ''}` };
  });
}
