import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Stack } from './stack';
import {
  EVENT_LOGS,
  imagesEnv,
  REPO_ROOT,
  SCALE_COMPOSE_FILE,
  scaleProject,
  scaleStackEnv,
  scaleUrls,
} from '../lab-settings';
import { recreateApp } from './app-settings';
import type { StreamTransport } from './transports';

const run = promisify(execFile);

async function transportAt(url: string): Promise<string | undefined> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { details?: { stream?: { transport?: string } } };
  return health.details?.stream?.transport;
}

/**
 * Puts every app of the suite's stacks on `transport`: the production stack's app, and both
 * replicas of each scaled stack, recreated with STREAM_TRANSPORT (and the same settings they
 * started with), each checked through its health. Later recreations in this process (a spec's
 * own settings, a replica restarted) keep it, through the environment.
 */
export async function useTransport(stack: Stack, transport: StreamTransport): Promise<void> {
  process.env.STREAM_TRANSPORT = transport;
  await recreateApp(stack);
  await Promise.all(
    EVENT_LOGS.map(async (log) => {
      const compose = (...args: string[]) =>
        run('docker', ['compose', '-p', scaleProject(log), '-f', SCALE_COMPOSE_FILE, ...args], {
          cwd: REPO_ROOT,
          env: { ...process.env, ...imagesEnv(), ...scaleStackEnv(log), STREAM_TRANSPORT: transport },
        });
      await compose('up', '-d', '--no-deps', '--wait', 'app-1', 'app-2');
      // nginx resolved the replicas' names when it started; recreated, they may have other addresses.
      await compose('exec', '-T', 'nginx', 'nginx', '-s', 'reload');
    }),
  );
  const apps = [stack.urls.edge, ...EVENT_LOGS.flatMap((log) => scaleUrls(log).replicas)];
  for (const url of apps) {
    const answered = await transportAt(url);
    if (answered !== transport)
      throw new Error(
        `${url} streams on transport "${answered}" after it was recreated with STREAM_TRANSPORT=${transport}`,
      );
  }
  for (const log of EVENT_LOGS) await edgeReachesBothReplicas(scaleUrls(log).edge);
}

/** Until the scaled edge has answered from each replica (nginx's reloaded workers take over gracefully). */
async function edgeReachesBothReplicas(edge: string, timeoutMs = 20_000): Promise<void> {
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < 2) {
    if (Date.now() > deadline)
      throw new Error(
        `${edge} answered from ${[...seen].join(', ') || 'no replica'} within ${timeoutMs} ms, not from both`,
      );
    const snapshot = await fetch(`${edge}/api/snapshot`, { signal: AbortSignal.timeout(2000) }).then(
      (res) => (res.ok ? (res.json() as Promise<{ instance?: string }>) : undefined),
      () => undefined,
    );
    if (snapshot?.instance) seen.add(snapshot.instance);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
