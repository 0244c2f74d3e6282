import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { comparisonRows, previousRun } from './compare';
import type { FanOutResult } from './fan-out';
import type { BenchResults } from './report';

const fanOut = (
  server: FanOutResult['server'],
  streams: number,
  p99: number,
  rssPerStreamKB: number,
  cpuSecondsPer100kEvents: number,
) =>
  ({
    server,
    streams,
    eventsPerSecond: 1,
    latencyMs: { count: 1, p50: p99, p99, max: p99 },
    rssPerStreamKB,
    cpuSecondsPer100kEvents,
  }) as FanOutResult;

const run = (date: string, quick: boolean, results: FanOutResult[] = []) =>
  ({
    date,
    quick,
    machine: 'm',
    fanOut: results,
    rateSweep: [],
    recovery: [],
    scaled: [],
    slowSoak: [],
  }) satisfies BenchResults;

describe('previousRun', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should pick the newest earlier run of the same kind, ignoring other files', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-'));
    for (const r of [
      run('2026-11-20T10-00-00', false),
      run('2026-11-22T10-00-00', false),
      run('2026-11-23T10-00-00', true),
      run('2026-11-25T10-00-00', false),
    ]) {
      writeFileSync(join(dir, `${r.date}.json`), JSON.stringify(r));
    }
    writeFileSync(join(dir, 'latest.md'), '');
    expect(previousRun(dir, { date: '2026-11-24T10-00-00', quick: false })?.date).toBe('2026-11-22T10-00-00');
    expect(previousRun(dir, { date: '2026-11-24T10-00-00', quick: true })?.date).toBe('2026-11-23T10-00-00');
    expect(previousRun(dir, { date: '2026-11-19T10-00-00', quick: false })).toBeUndefined();
  });
});

describe('comparisonRows', () => {
  it('should set the lab server figures and their ratios to the baseline beside those of the previous run', () => {
    const before = run('a', false, [
      fanOut('nestjs', 10_000, 260, 47.6, 3.05),
      fanOut('baseline', 10_000, 130, 12.6, 1),
      fanOut('nestjs', 15_000, 380, 57, 3),
    ]);
    const now = run('b', false, [
      fanOut('nestjs', 10_000, 200, 35, 2.5),
      fanOut('nest-floor', 10_000, 190, 41, 2.2),
      fanOut('baseline', 10_000, 100, 12, 1.25),
      fanOut('nestjs', 5000, 1, 1, 1),
    ]);
    expect(comparisonRows(before, now)).toEqual([
      '| streams × ev/s | p99 ms | p99 / baseline | RSS/stream KB | CPU s/100k ev | CPU / baseline |',
      '|---|---|---|---|---|---|',
      '| 10000 × 1 | 260 → 200 | 2.00× → 2.00× | 47.6 → 35.0 | 3.05 → 2.50 | 3.05× → 2.00× |',
    ]);
  });

  it('should give nothing when no scenario ran in both', () => {
    expect(
      comparisonRows(
        run('a', false, [fanOut('nestjs', 1000, 1, 1, 1)]),
        run('b', false, [fanOut('nestjs', 2000, 1, 1, 1)]),
      ),
    ).toEqual([]);
  });
});
