import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LoadGenerator } from './generator-client';
import { REPO_ROOT, startServer } from './server-process';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time by function, largest first, from a V8 .cpuprofile. */
export function topFunctions(profile: { nodes: ProfileNode[]; samples: number[] }, limit = 20): { name: string; sharePct: number }[] {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'}${url ? ` ${basename(url)}:${lineNumber + 1}` : ''}`;
    hits.set(name, (hits.get(name) ?? 0) + count);
    total += count;
  }
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => ({ name, sharePct: Math.round((count / total) * 1000) / 10 }));
}

/**
 * Profiles the NestJS stream path under fan-out load: `npx tsx bench/src/profile.ts LABEL [STREAMS]`.
 * Writes bench/results/profile-LABEL.md with the top self-time entries.
 */
async function main(): Promise<void> {
  const [label = 'current', streamsArg = '5000'] = process.argv.slice(2);
  const streams = Number(streamsArg);
  const dir = join(REPO_ROOT, 'bench/results/profiles', label);
  mkdirSync(dir, { recursive: true });
  const sut = await startServer('nestjs', 3690, { TICK_MS: '1000', HEARTBEAT_MS: '30000', REPLAY_SIZE: '100' }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const generator = LoadGenerator.start();
  try {
    await generator.request({ type: 'open', url: `${sut.url}/api/stream`, count: streams, sourceAddresses: 50, maxPending: 200, timeoutMs: 20_000 }, 'opened', 120_000);
    await generator.request({ type: 'measure', durationMs: 10_000 }, 'measured', 40_000);
  } finally {
    generator.stop();
    await sut.stop();
  }
  const newest = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => join(dir, file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`no .cpuprofile was written in ${dir}`);
  const top = topFunctions(JSON.parse(readFileSync(newest, 'utf8')));
  const lines = [`# CPU profile: ${label}`, '', `${streams} streams × 1 event/s, heartbeat 30 s (the fan-out benchmark's settings), 10 s measured, whole process (start-up and ramp included).`, '', '| self % | function |', '|---|---|'];
  for (const { name, sharePct } of top) lines.push(`| ${sharePct} | \`${name}\` |`);
  const out = join(REPO_ROOT, `bench/results/profile-${label}.md`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  console.log(`\nwritten to ${out}`);
}

if (process.argv[1]?.endsWith('profile.ts')) void main();
