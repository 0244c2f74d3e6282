import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LoadGenerator } from './generator-client';
import { harnessArgs } from './harness-args';
import { REPO_ROOT, startServer } from './server-process';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Samples that are not the process's work: waiting for I/O, and V8's own bookkeeping. */
const NOT_WORK = new Set(['(idle)', '(program)']);

export interface CpuProfile {
  nodes: ProfileNode[];
  /** The node each sample landed in. */
  samples: number[];
  /** Microseconds on the monotonic clock (the one `process.hrtime` reads): profile start, and each sample after the one before. */
  startTime: number;
  timeDeltas: number[];
}

/** A span of the monotonic clock, in microseconds. */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** The monotonic clock in microseconds, as a .cpuprofile counts it. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time by function as shares of the busy samples (idle left out), largest first, from a V8
 * .cpuprofile; only the samples within `window` when one is given.
 */
export function topFunctions(profile: CpuProfile, limit = 20, window?: Window): { name: string; sharePct: number }[] {
  const nameOf = new Map<number, string | undefined>();
  for (const { id, callFrame } of profile.nodes) {
    const { functionName, url, lineNumber } = callFrame;
    nameOf.set(
      id,
      NOT_WORK.has(functionName)
        ? undefined
        : `${functionName || '(anonymous)'}${url ? ` ${basename(url)}:${lineNumber + 1}` : ''}`,
    );
  }
  const hits = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((nodeId, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const name = nameOf.get(nodeId);
    if (name === undefined || (window && (at < window.fromUs || at > window.toUs))) return;
    hits.set(name, (hits.get(name) ?? 0) + 1);
    total++;
  });
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, sharePct: Math.round((count / total) * 1000) / 10 }));
}

/**
 * Profiles a server's stream path under fan-out load: `npx tsx bench/src/profile.ts LABEL [STREAMS] [SERVER]`.
 * Writes bench/results/profile-LABEL.md with the top self-time entries.
 */
async function main(): Promise<void> {
  const { label, streams, server } = harnessArgs('profile.ts', process.argv.slice(2));
  const dir = join(REPO_ROOT, 'bench/results/profiles', label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`==> ${server}: ${streams} streams × 1 event/s, profiled for 10 s`);
  const sut = await startServer(server, 3690, { TICK_MS: '1000', HEARTBEAT_MS: '30000', REPLAY_SIZE: '100' }, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
  ]);
  const generator = LoadGenerator.start();
  let measured: Window;
  try {
    await generator.openStreams(`${sut.url}/api/stream`, streams);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const fromUs = monotonicUs();
    await generator.measure(10_000);
    measured = { fromUs, toUs: monotonicUs() };
  } finally {
    generator.stop();
    await sut.stop();
  }
  // One profile per thread (a loader hook runs in its own): the main thread's is by far the largest.
  const mainThread = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => join(dir, file))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!mainThread) throw new Error(`no .cpuprofile was written in ${dir}`);
  const profile = JSON.parse(readFileSync(mainThread, 'utf8')) as CpuProfile;
  const heading = `Server: ${server}, ${streams} streams × 1 event/s, heartbeat 30 s (the fan-out benchmark's settings). Shares of the busy samples (\`(idle)\` and \`(program)\` left out)`;
  const table = (top: { name: string; sharePct: number }[]) => [
    '| self % | function |',
    '|---|---|',
    ...top.map(({ name, sharePct }) => `| ${sharePct} | \`${name}\` |`),
  ];
  const lines = [
    `# CPU profile: ${label}`,
    '',
    `${heading}, in the 10 s of streaming once every stream is open:`,
    '',
    ...table(topFunctions(profile, 20, measured)),
    '',
    `${heading}, over the whole process (start-up and the ramp of connections included):`,
    '',
    ...table(topFunctions(profile, 10)),
  ];
  const out = join(REPO_ROOT, `bench/results/profile-${label}.md`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  console.log(`\nwritten to ${out}`);
}

if (process.argv[1]?.endsWith('/profile.ts')) {
  main().catch((error: Error) => {
    console.error(`profile: ${error.message}`);
    process.exit(1);
  });
}
