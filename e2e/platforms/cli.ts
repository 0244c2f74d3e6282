import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PLATFORMS } from './index';
import type { PlatformLimits } from './platform';
import { describePlatformStack, writePlatformConfig, type PlatformStack } from './platform-stack';

const REPO_ROOT = join(__dirname, '..', '..');
const USAGE = 'usage: tsx platforms/cli.ts up <platform> | list';

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : `${ms / 1000} s`);
const describeLimits = ({ idleMs, firstByteMs, totalMs, sleepAfterMs }: PlatformLimits) =>
  sleepAfterMs === undefined
    ? `idle ${seconds(idleMs)}, first byte ${seconds(firstByteMs)}, total ${seconds(totalMs)}`
    : `asleep after ${seconds(sleepAfterMs)} without inbound traffic`;

function list(): void {
  const width = Math.max(...PLATFORMS.map(({ name }) => name.length));
  const proxyWidth = Math.max(...PLATFORMS.map(({ proxy }) => proxy.length));
  for (const profile of PLATFORMS)
    console.log(
      `  ${profile.name.padEnd(width)}  ${profile.proxy.padEnd(proxyWidth)}  ${describeLimits(profile.limits)}  ${profile.summary}`,
    );
}

function up(stack: PlatformStack): void {
  const { profile, limits, settings } = stack;
  execFileSync('bash', [join(REPO_ROOT, 'infra/nginx/make-cert.sh')], { stdio: 'inherit' });
  writePlatformConfig(stack);
  console.log(`==> ${profile.name}: ${profile.summary}`);
  console.log(`    limits at time scale ${stack.scale}: ${describeLimits(limits)} (${profile.proxy})`);
  if (profile.limits.sleepAfterMs !== undefined)
    console.log(
      `    an open stream ${stack.parameters.streamIsTraffic ? 'keeps' : 'does not keep'} the app awake (PLATFORM_STREAM_IS_TRAFFIC=${stack.parameters.streamIsTraffic ? 'yes' : 'no'}); the edge's log: docker compose logs platform`,
    );
  console.log(
    `    the app's settings (${stack.settingsChoice}): heartbeat ${seconds(settings.heartbeatMs)}, MAX_STREAM_MS ${settings.maxStreamMs}`,
  );
  execFileSync(
    'docker',
    [
      'compose',
      ...stack.composeFiles.flatMap((file) => ['-f', file]),
      'up',
      '--build',
      '--wait',
      '--quiet-pull',
      '--remove-orphans',
    ],
    { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...stack.env } },
  );
  const scheme = profile.http2 ? 'https' : 'http';
  console.log(
    `    the lab behind ${profile.name}:     ${scheme}://127.0.0.1:8080${profile.http2 ? ' (self-signed certificate, HTTP/2)' : ''}`,
  );
  console.log(`    native EventSource mode:  ${scheme}://127.0.0.1:8080/?client=native`);
  console.log('    Toxiproxy API:            http://127.0.0.1:8474 (edge before the platform, upstream after it)');
  console.log(`    the proxy's configuration: ${stack.configFile}`);
}

function main([command, platform]: string[]): void {
  if (command === 'list') return list();
  if (command !== 'up' || !platform)
    throw new Error(`${USAGE}\nplatforms:\n${PLATFORMS.map(({ name }) => `  ${name}`).join('\n')}`);
  up(
    describePlatformStack(
      {
        platform,
        timeScale: process.env.PLATFORM_TIME_SCALE,
        settings: process.env.PLATFORM_SETTINGS,
        streamIsTraffic: process.env.PLATFORM_STREAM_IS_TRAFFIC,
      },
      join(REPO_ROOT, '.lab', 'platform'),
      { caddy: process.env.CADDY_IMAGE, nginx: process.env.NGINX_IMAGE, node: process.env.NODE_IMAGE },
    ),
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
