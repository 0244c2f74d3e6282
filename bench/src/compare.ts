import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameScenario, type FanOutResult } from './fan-out';
import { times, type BenchResults } from './report';
import { ratio } from './stats';

/** `<date>.json`, as main.ts names a run's results: the date sorts as text. */
const RUN_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.json$/;

/** The newest earlier run of the same kind (quick or full) in `dir`, to set the new figures beside. */
export function previousRun(dir: string, current: Pick<BenchResults, 'date' | 'quick'>): BenchResults | undefined {
  const earlier = readdirSync(dir)
    .filter((file) => RUN_FILE.test(file) && file < `${current.date}.json`)
    .sort()
    .reverse();
  for (const file of earlier) {
    const run = JSON.parse(readFileSync(join(dir, file), 'utf8')) as BenchResults;
    if (run.quick === current.quick) return run;
  }
  return undefined;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

interface LabFigures {
  p99: number;
  rss: number;
  cpu: number;
  p99VsBaseline?: number;
  cpuVsBaseline?: number;
}

/** The lab server's figures per scenario (`streams × ev/s`), with its ratios to the baseline of the same run. */
function labFigures(results: FanOutResult[]): Map<string, LabFigures> {
  const figures = new Map<string, LabFigures>();
  for (const r of results.filter((result) => result.server === 'nestjs')) {
    const base = sameScenario(results, r, 'baseline');
    figures.set(`${r.streams} × ${r.eventsPerSecond}`, {
      p99: r.latencyMs.p99,
      rss: r.rssPerStreamKB,
      cpu: r.cpuSecondsPer100kEvents,
      p99VsBaseline: ratio(r.latencyMs.p99, base?.latencyMs.p99),
      cpuVsBaseline: ratio(r.cpuSecondsPer100kEvents, base?.cpuSecondsPer100kEvents),
    });
  }
  return figures;
}

/** The lab server's fan-out figures, previous run → this run, for the scenarios both ran. */
export function comparisonRows(previous: BenchResults, current: BenchResults): string[] {
  const before = labFigures(previous.fanOut);
  const rows = [
    '| streams × ev/s | p99 ms | p99 / baseline | RSS/stream KB | CPU s/100k ev | CPU / baseline |',
    '|---|---|---|---|---|---|',
  ];
  for (const [scenario, now] of labFigures(current.fanOut)) {
    const then = before.get(scenario);
    if (!then) continue;
    const pair = (a: number, b: number, digits: number) => `${fixed(a, digits)} → ${fixed(b, digits)}`;
    const ratios = (a: number | undefined, b: number | undefined) => `${times(a)} → ${times(b)}`;
    rows.push(
      `| ${scenario} | ${pair(then.p99, now.p99, 0)} | ${ratios(then.p99VsBaseline, now.p99VsBaseline)} | ${pair(then.rss, now.rss, 1)} | ${pair(then.cpu, now.cpu, 2)} | ${ratios(then.cpuVsBaseline, now.cpuVsBaseline)} |`,
    );
  }
  return rows.length > 2 ? rows : [];
}
