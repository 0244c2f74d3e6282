import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const __dirname = import.meta.dirname;

export const REPO_ROOT = join(__dirname, '../..');
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** The lab's production build, a bare `@Sse()` app on the same Nest and Express, and plain `node:http`. */
export const SERVER_KINDS = ['nestjs', 'nest-floor', 'baseline'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface ServerUnderTest {
  kind: ServerKind;
  url: string;
  pid: number;
  rssBytes(): number;
  cpuSeconds(): number;
  activeStreams(): Promise<number>;
  stop(): Promise<void>;
}

/** A process's CPU time so far (user + system), from /proc. */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
}

/** Node options for every server the bench starts (e.g. `--max-semi-space-size=64`), from SERVER_NODE_OPTIONS. */
export const SERVER_NODE_OPTIONS = process.env.SERVER_NODE_OPTIONS?.trim() || undefined;

const ENTRIES: Record<ServerKind, { entry: string; loader: string[] }> = {
  nestjs: { entry: join(REPO_ROOT, 'backend/dist/main.js'), loader: [] },
  // The floor is TypeScript with decorators: tsx compiles it as it loads (bench/tsconfig.json).
  'nest-floor': { entry: join(__dirname, 'nest-floor-server.ts'), loader: ['--import', 'tsx'] },
  baseline: { entry: join(__dirname, 'baseline-server.mjs'), loader: [] },
};

/** Starts the production build (or the baseline) as a plain process on loopback. */
export async function startServer(kind: ServerKind, port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerUnderTest> {
  const { entry, loader } = ENTRIES[kind];
  const child = spawn(process.execPath, [...loader, ...nodeArgs, entry], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', MAX_STREAMS_PER_IP: '0', ...(SERVER_NODE_OPTIONS ? { NODE_OPTIONS: SERVER_NODE_OPTIONS } : {}), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  const pid = child.pid as number;
  return {
    kind,
    url,
    pid,
    rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
    cpuSeconds: () => cpuSecondsOf(pid),
    activeStreams: async () => {
      const health = (await (await fetch(`${url}/api/health`)).json()) as { activeStreams?: number; details?: { stream?: { activeStreams: number } } };
      // The app answers with terminus' shape; the baseline keeps its one field.
      return (kind === 'nestjs' ? health.details?.stream?.activeStreams : health.activeStreams) ?? Number.NaN;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const options = SERVER_NODE_OPTIONS ? ` (started with SERVER_NODE_OPTIONS="${SERVER_NODE_OPTIONS}")` : '';
      throw new Error(`server exited with ${child.exitCode} before answering ${url}/api/health${options}`);
    }
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer ${url}/api/health within 20 s`);
}
