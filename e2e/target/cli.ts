import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { contractEnvFor } from '../contract-tests/contract-target';
import { REPO_ROOT } from '../lab-settings';
import { describePlatformEdge, writePlatformConfig, type PlatformEdge } from '../platforms/platform-edge';
import { appInstances } from './instances';
import { appUpstream } from './load-balancer';
import { loadTarget, TargetFileError, type Target } from './target-file';
import { startTarget, stopTarget, TargetStartError } from './target-lifecycle';
import { describeTargetStack, type TargetStack } from './target-stack';
import { probeWire } from './wire-probe';

const USAGE = 'usage: tsx target/cli.ts up|down|wire|contract <target.json>';

/** A duration in whole seconds from the environment, or the default. */
function secondsFromEnv(name: string, defaultSeconds: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return defaultSeconds * 1000;
  if (!/^[1-9][0-9]*$/.test(raw)) {
    throw new TargetFileError(`${name}="${raw}": expected whole seconds, e.g. ${defaultSeconds}`);
  }
  return Number(raw) * 1000;
}

/** How `up` and `contract` start a target: TARGET_START_S to wait for its page, progress on the console. */
const startOptions = () => ({
  startTimeoutMs: secondsFromEnv('TARGET_START_S', 60),
  progress: (line: string) => console.log(line),
});

/**
 * PLATFORM (with PLATFORM_TIME_SCALE and PLATFORM_STREAM_IS_TRAFFIC) puts that platform's edge in
 * front of the target, as in front of the demo; the target's settings are its own (its `env`).
 */
function platformEdge(target: Target): PlatformEdge | undefined {
  const { PLATFORM, PLATFORM_TIME_SCALE, PLATFORM_SETTINGS, PLATFORM_STREAM_IS_TRAFFIC } = process.env;
  if (!PLATFORM) return undefined;
  if (PLATFORM_SETTINGS)
    throw new TargetFileError(
      `PLATFORM_SETTINGS="${PLATFORM_SETTINGS}": it sets the demo's settings; a target runs with its own (its "env")`,
    );
  try {
    const edge = describePlatformEdge(
      { platform: PLATFORM, timeScale: PLATFORM_TIME_SCALE, streamIsTraffic: PLATFORM_STREAM_IS_TRAFFIC },
      join(REPO_ROOT, '.lab', 'targets', target.name, 'platform'),
      { caddy: process.env.CADDY_IMAGE, nginx: process.env.NGINX_IMAGE, node: process.env.NODE_IMAGE },
      appUpstream(target),
    );
    execFileSync('bash', [join(REPO_ROOT, 'infra/nginx/make-cert.sh')], { stdio: 'inherit' });
    writePlatformConfig(edge);
    return edge;
  } catch (error) {
    throw new TargetFileError((error as Error).message);
  }
}

/** Starts the target, runs the contract tests against its app (no proxy between), and stops it whatever they say. */
async function holdToContract(stack: TargetStack, file: string): Promise<void> {
  const { stream, env } = stack.target;
  if (!stream)
    throw new TargetFileError(`target file ${file}:\n  "stream": needed to hold the stream to the contract (its path)`);
  await startTarget(stack, startOptions());
  try {
    console.log(`==> the stream contract at ${stack.urls.app}${stream}`);
    const run = spawnSync('npx', ['vitest', 'run', '-c', 'contract-tests/vitest.config.mts'], {
      stdio: 'inherit',
      env: { ...process.env, ...contractEnvFor(stack.urls.app, stream, env) },
    });
    if (run.status !== 0) process.exitCode = run.status ?? 1;
  } finally {
    console.log(`==> stopping ${stack.target.name} (${stack.project})`);
    await stopTarget(stack);
  }
}

async function main([command, file]: string[]): Promise<void> {
  if (!file || !['up', 'down', 'wire', 'contract'].includes(command ?? '')) throw new TargetFileError(USAGE);
  const target = loadTarget(file);
  const platform = command === 'up' ? platformEdge(target) : undefined;
  const stack = describeTargetStack(target, { platform });
  if (command === 'wire') {
    const { stream } = stack.target;
    if (!stream)
      throw new TargetFileError(`target file ${file}:\n  "stream": needed to read the wire (the stream's path)`);
    const watchMs = secondsFromEnv('WATCH_S', 35);
    console.log(`==> reading ${stack.urls.edge}${stream} for ${watchMs / 1000} s, then once more with Last-Event-ID`);
    const { facts } = await probeWire(`${stack.urls.edge}${stream}`, { watchMs });
    console.log(JSON.stringify(facts, null, 2));
    return;
  }
  if (command === 'contract') {
    await holdToContract(stack, file);
    return;
  }
  if (command === 'down') {
    console.log(`==> stopping ${stack.target.name} (${stack.project})`);
    await stopTarget(stack);
    return;
  }
  await startTarget(stack, startOptions());
  const lines: [string, string][] = [
    [
      `${stack.target.name} through the edge proxy${platform ? `, behind ${platform.profile.name} (time scale ${platform.scale})` : ''}`,
      `${stack.urls.page}${platform?.profile.http2 ? ' (self-signed certificate)' : ''}`,
    ],
    [`${stack.target.name} behind nginx tuned for SSE`, `${stack.urls.nginx}${stack.target.page}`],
    [`${stack.target.name} behind nginx left at its defaults`, `${stack.urls.bufferingNginx}${stack.target.page}`],
    [
      stack.target.replicas === undefined ? 'the app without proxy' : 'the app without proxy (load balancer)',
      stack.urls.app,
    ],
    ...(await appInstances(stack)).flatMap(({ name, url }): [string, string][] =>
      stack.target.replicas !== undefined && url ? [[`instance ${name}`, url]] : [],
    ),
    ['Toxiproxy API', stack.urls.toxiproxy],
    ['stop it with', `make down TARGET=${file}`],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 1;
  for (const [label, value] of lines) console.log(`    ${`${label}:`.padEnd(width)} ${value}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  const known = error instanceof TargetFileError || error instanceof TargetStartError;
  console.error(known ? error.message : error);
  process.exit(known ? 2 : 1);
});
