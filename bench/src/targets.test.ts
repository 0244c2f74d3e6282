import { describe, expect, it } from 'vitest';
import type { FanOutResult } from './fan-out';
import { markdown } from './report';
import { directTargets, targetRows, WHERE_THE_COST_IS } from './targets';

const result = (
  server: FanOutResult['server'],
  figures: { p99: number; cpu: number; heap: number; missed?: number; streams?: number },
) =>
  ({
    server,
    streams: figures.streams ?? 10_000,
    eventsPerSecond: 1,
    connected: figures.streams ?? 10_000,
    failed: 0,
    missed: figures.missed ?? 0,
    lossPct: figures.missed ? 0.1 : 0,
    latencyMs: { count: 1, p50: figures.p99, p99: figures.p99, max: figures.p99 },
    cpuSecondsPer100kEvents: figures.cpu,
    heapPerStreamKB: figures.heap,
  }) as FanOutResult;

describe('directTargets', () => {
  it('should meet every target when direct is within the factors of the baseline and ahead of better-sse', () => {
    const checks = directTargets([
      result('baseline', { p99: 100, cpu: 1, heap: 5.7 }),
      result('better-sse', { p99: 150, cpu: 1.5, heap: 9 }),
      result('nestjs-direct', { p99: 125, cpu: 1.25, heap: 7.5 }),
    ]);
    expect(checks).toHaveLength(7);
    expect(checks.filter((c) => !c.met)).toEqual([]);
  });

  it('should name each target missed, with what was measured', () => {
    const checks = directTargets([
      result('baseline', { p99: 100, cpu: 1, heap: 5.7 }),
      result('better-sse', { p99: 120, cpu: 1.2, heap: 9 }),
      result('nestjs-direct', { p99: 140, cpu: 1.31, heap: 8.5, missed: 3 }),
    ]);
    expect(checks.filter((c) => !c.met).map((c) => [c.target, c.measured])).toEqual([
      ['CPU per event / baseline', '1.31×'],
      ['heap per stream', '8.5 KB'],
      ['p99 / baseline', '1.40×'],
      ['loss', '10000 of 10000 connected, 0.1 % lost'],
      ['CPU per event against better-sse', '1.31 against 1.2 s/100k ev'],
      ['p99 against better-sse', '140 against 120 ms'],
    ]);
    expect(targetRows(checks).at(-1)).toBe('| p99 against better-sse | less | 140 against 120 ms | **no** |');
  });

  it('should check nothing where the run did not measure the scenario on direct, the baseline and better-sse', () => {
    expect(
      directTargets([
        result('baseline', { p99: 1, cpu: 1, heap: 1 }),
        result('nestjs-direct', { p99: 1, cpu: 1, heap: 1 }),
      ]),
    ).toEqual([]);
    expect(
      directTargets([
        result('baseline', { p99: 1, cpu: 1, heap: 1, streams: 2000 }),
        result('better-sse', { p99: 1, cpu: 1, heap: 1, streams: 2000 }),
        result('nestjs-direct', { p99: 1, cpu: 1, heap: 1, streams: 2000 }),
      ]),
    ).toEqual([]);
  });

  it('should point the report at the harnesses when a target is missed, and not when every one is met', () => {
    const run = (direct: FanOutResult) =>
      markdown({
        date: 'd',
        machine: 'm',
        quick: false,
        fanOut: [
          result('baseline', { p99: 100, cpu: 1, heap: 5.7 }),
          result('better-sse', { p99: 150, cpu: 1.5, heap: 9 }),
          direct,
        ],
        rateSweep: [],
        recovery: [],
        scaled: [],
        slowSoak: [],
      });
    expect(run(result('nestjs-direct', { p99: 125, cpu: 1.25, heap: 7.5 }))).not.toContain(WHERE_THE_COST_IS);
    const missed = run(result('nestjs-direct', { p99: 125, cpu: 1.25, heap: 8.5 }));
    expect(missed).toContain('| heap per stream | ≤ 8 KB | 8.5 KB | **no** |');
    expect(missed).toContain(`| p99 against better-sse | less | 125 against 150 ms | yes |\n\n${WHERE_THE_COST_IS}`);
  });
});
