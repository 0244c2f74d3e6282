import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const __dirname = import.meta.dirname;

export const REPO_ROOT = join(__dirname, '../..');
const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * The lab's production build on each stream transport, a bare `@Sse()` app on Nest's Express and
 * Fastify adapters, better-sse's channel on Express, and plain `node:http`: the same feed and
 * framing on each.
 */
export const SERVER_KINDS = [
  'nestjs',
  'nestjs-direct',
  'nest-floor',
  'nest-floor-fastify',
  'better-sse',
  'baseline',
] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];
/** The servers that are the lab itself (one build, STREAM_TRANSPORT apart). */
export const LAB_SERVERS: readonly ServerKind[] = ['nestjs', 'nestjs-direct'];

export interface ServerUnderTest {
  kind: ServerKind;
  url: string;
  pid: number;
  rssBytes(): number;
  /** The heap in use after a full garbage collection (heap-probe.cjs). */
  heapUsedBytes(): Promise<number>;
  cpuSeconds(): number;
  activeStreams(): Promise<number>;
  stop(): Promise<void>;
  /** SIGKILL: the process ends with no shutdown of its own, as a crashed or evicted one does. */
  kill(): Promise<void>;
}

/** A process's CPU time so far (user + system), from /proc. */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
}

const HEAP_PROBE_ARGS = ['--expose-gc', '--require', join(__dirname, 'heap-probe.cjs')];

/** Node options for every server the bench starts (e.g. `--max-semi-space-size=64`), from SERVER_NODE_OPTIONS. */
export const SERVER_NODE_OPTIONS = process.env.SERVER_NODE_OPTIONS?.trim() || undefined;

const LAB_ENTRY = join(REPO_ROOT, 'backend/dist/main.js');
// The floor is TypeScript with decorators: tsx compiles it as it loads (bench/tsconfig.json).
const FLOOR_ENTRY = join(__dirname, 'nest-floor-server.ts');
const ENTRIES: Record<ServerKind, { entry: string; loader: string[]; env: Record<string, string> }> = {
  nestjs: { entry: LAB_ENTRY, loader: [], env: { STREAM_TRANSPORT: 'sse-decorator' } },
  'nestjs-direct': { entry: LAB_ENTRY, loader: [], env: { STREAM_TRANSPORT: 'direct' } },
  'nest-floor': { entry: FLOOR_ENTRY, loader: ['--import', 'tsx'], env: { NEST_ADAPTER: 'express' } },
  'nest-floor-fastify': { entry: FLOOR_ENTRY, loader: ['--import', 'tsx'], env: { NEST_ADAPTER: 'fastify' } },
  'better-sse': { entry: join(__dirname, 'better-sse-server.mjs'), loader: [], env: {} },
  baseline: { entry: join(__dirname, 'baseline-server.mjs'), loader: [], env: {} },
};

/** Starts one of the servers as a plain process on loopback. */
export async function startServer(
  kind: ServerKind,
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ServerUnderTest> {
  const { entry, loader, env: kindEnv } = ENTRIES[kind];
  const heapProbeFile = join(tmpdir(), `sse-lab-bench-heap-${port}.json`);
  rmSync(heapProbeFile, { force: true });
  const child = spawn(process.execPath, [...loader, ...HEAP_PROBE_ARGS, ...nodeArgs, entry], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      MAX_STREAMS_PER_IP: '0',
      HEAP_PROBE_FILE: heapProbeFile,
      ...(SERVER_NODE_OPTIONS ? { NODE_OPTIONS: SERVER_NODE_OPTIONS } : {}),
      ...kindEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  if (LAB_SERVERS.includes(kind)) await expectTransport(url, kindEnv.STREAM_TRANSPORT);
  const pid = child.pid as number;
  return {
    kind,
    url,
    pid,
    rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
    heapUsedBytes: () => probeHeap(pid, heapProbeFile),
    cpuSeconds: () => cpuSecondsOf(pid),
    activeStreams: async () => {
      const health = (await (await fetch(`${url}/api/health`)).json()) as {
        activeStreams?: number;
        details?: { stream?: { activeStreams: number } };
      };
      // The app answers with terminus' shape; the baseline keeps its one field.
      return (LAB_SERVERS.includes(kind) ? health.details?.stream?.activeStreams : health.activeStreams) ?? Number.NaN;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** The lab names its stream transport in its health: a server measured under the wrong name would be a wrong table. */
async function expectTransport(url: string, expected: string): Promise<void> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as { details?: { stream?: { transport?: string } } };
  const transport = health.details?.stream?.transport;
  if (transport !== expected) throw new Error(`${url} streams on transport "${transport}", expected "${expected}"`);
}

/** The probe's last answer; none while it has not written one, or is writing it. */
function readProbe(file: string): { heapUsedBytes: number; at: number } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { heapUsedBytes: number; at: number };
  } catch {
    return undefined;
  }
}

/** Asks the server's heap probe for a measurement and waits for it (a full GC of a large heap takes a while). */
async function probeHeap(pid: number, file: string, timeoutMs = 30_000): Promise<number> {
  const askedAt = Date.now();
  process.kill(pid, 'SIGUSR2');
  const deadline = askedAt + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const probe = readProbe(file);
    if (probe && probe.at >= askedAt) return probe.heapUsedBytes;
  }
  throw new Error(`the heap probe of process ${pid} did not answer within ${timeoutMs} ms (${file})`);
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const options = SERVER_NODE_OPTIONS ? ` (started with SERVER_NODE_OPTIONS="${SERVER_NODE_OPTIONS}")` : '';
      throw new Error(`server exited with ${child.exitCode} before answering ${url}/api/health${options}`);
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer ${url}/api/health within 20 s`);
}
