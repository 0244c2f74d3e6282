import { execFile } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describePlatformStack, writePlatformConfig } from '../platforms/platform-stack';
import type { PlatformLimits, PlatformProfile } from '../platforms/platform';
import { lowestTimeScale } from '../platforms/time-scale';
import { asEnv, imagesEnv, LAB, PLATFORM_PORTS, PLATFORM_PROJECT, REPO_ROOT } from '../lab-settings';
import { appLogLines, jsonLogLines, serviceLogLines } from './app-log';

const run = promisify(execFile);

/** The shortest of a profile's limits at the suite's scale: long enough for a page, a TLS handshake and a few events. */
const SHORTEST_LIMIT_MS = 4_000;

/**
 * The suite's floors for a scaled setting: heartbeats no faster than the suite's own (LAB.HEARTBEAT_MS,
 * what every other spec runs on; a faster one would make the watchdog's timing the thing tested).
 */
const SUITE_FLOORS = { heartbeatMs: 1_000, maxStreamMs: 1_000 };

/** The suite's time scale for a profile: its shortest limit near 4 s, no setting under the suite's floors. */
export function suiteTimeScale(profile: PlatformProfile): number {
  const shortest = Math.min(...Object.values(profile.limits).filter((ms) => ms !== undefined));
  const nearShortest = Math.round((SHORTEST_LIMIT_MS / shortest) * 1000) / 1000;
  return Math.min(1, Math.max(lowestTimeScale(profile, SUITE_FLOORS), nearShortest));
}

export interface PlatformRun {
  profile: PlatformProfile;
  scale: number;
  limits: PlatformLimits;
  /** The lab behind the platform, through the edge proxy. */
  url: string;
  /** The app alone, for its metrics. */
  appUrl: string;
  composeArgs(...args: string[]): string[];
}

/**
 * Starts (or moves) the platform stack to `profile` at `scale`, with the app's variables `app`
 * on top of the suite's: the proxy and the app are recreated only when their settings change.
 * `streamIsTraffic` (yes or no) is PLATFORM_STREAM_IS_TRAFFIC, for a profile that sleeps.
 */
export async function startPlatform(
  profile: PlatformProfile,
  scale: number,
  app: Record<string, string>,
  streamIsTraffic?: 'yes' | 'no',
): Promise<PlatformRun> {
  const images = imagesEnv();
  const stack = describePlatformStack(
    { platform: profile.name, timeScale: String(scale), streamIsTraffic },
    join(REPO_ROOT, '.lab', PLATFORM_PROJECT),
    { caddy: images.CADDY_IMAGE, nginx: images.NGINX_IMAGE, node: images.NODE_IMAGE },
  );
  writePlatformConfig(stack);
  // Empty: the backend's default, three heartbeats (the suite's DEAD_PEER_MS is below a scaled platform's heartbeat).
  const appEnv = { ...asEnv(LAB), ...stack.env, ...app, DEAD_PEER_MS: '' };
  const files = stack.composeFiles.flatMap((file) => ['-f', file]);
  await run(
    'docker',
    ['compose', '-p', PLATFORM_PROJECT, ...files, 'up', '-d', '--wait', '--no-build', '--remove-orphans'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...images, ...appEnv, ...asEnv(PLATFORM_PORTS) },
    },
  );
  return {
    profile,
    scale,
    limits: stack.limits,
    url: `${profile.http2 ? 'https' : 'http'}://127.0.0.1:${PLATFORM_PORTS.LAB_PORT}`,
    appUrl: `http://127.0.0.1:${PLATFORM_PORTS.APP_PORT}`,
    // Logs and teardown need no files: the project's containers say what it is.
    composeArgs: (...args: string[]) => ['compose', '-p', PLATFORM_PROJECT, ...args],
  };
}

/** Takes the platform stack down, if it is up. */
export async function stopPlatform(): Promise<void> {
  await run('docker', ['compose', '-p', PLATFORM_PROJECT, 'down', '-v', '--remove-orphans'], { cwd: REPO_ROOT });
}

/** A stream the app ended or saw end, from its `stream closed` log line. */
export interface ClosedStream {
  at: number;
  reason: string;
  durationMs: number;
}

/** The streams that ended since `since` (ms since epoch), as the app logged them. */
export async function closedStreams(platform: PlatformRun, since: number): Promise<ClosedStream[]> {
  return appLogLines(await serviceLogLines(platform.composeArgs, 'app', since), since).flatMap(
    ({ timestamp, message }) => {
      const line = message as { event?: string; reason?: string; durationMs?: number };
      return line.event === 'stream closed'
        ? [{ at: timestamp, reason: line.reason ?? '', durationMs: line.durationMs ?? 0 }]
        : [];
    },
  );
}

/**
 * How long the stream's first frame (the hello) takes through the platform, from the request:
 * the app answers at once, so a first-byte deadline never ends a stream. TLS profiles carry the
 * lab's self-signed certificate.
 */
export function timeToHello(platform: PlatformRun, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const url = `${platform.url}/api/stream`;
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { agent: false, rejectUnauthorized: false }, (res) => {
      let seen = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        seen += chunk;
        if (!seen.includes('event: hello')) return;
        resolve(Date.now() - started);
        req.destroy();
      });
      res.on('close', () => reject(new Error(`${url}: ended before its hello (status ${res.statusCode})`)));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${url}: no hello within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** What the spin-down edge (a profile that sleeps) logged: `sleep`, `wake`, `awake` with the boot's time. */
export interface EdgeEvent {
  timestamp: number;
  event: string;
  idleMs?: number;
  openConnections?: number;
  bootMs?: number;
  error?: string;
}

/** The spin-down edge's events since `since` (ms since epoch). */
export async function edgeEvents(platform: PlatformRun, since: number): Promise<EdgeEvent[]> {
  return jsonLogLines<EdgeEvent>(await serviceLogLines(platform.composeArgs, 'platform', since), since);
}
