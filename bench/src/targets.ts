import { sameScenario, type FanOutResult } from './fan-out';
import { ratio } from './stats';

/** What the direct transport is held to, in one scenario, against the peers measured in the same run. */
export const DIRECT_TARGETS = {
  streams: 10_000,
  eventsPerSecond: 1,
  cpuPerEventVsBaseline: 1.3,
  heapPerStreamKB: 8,
  p99VsBaseline: 1.3,
} as const;

export interface TargetCheck {
  target: string;
  bound: string;
  measured: string;
  met: boolean;
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));

/**
 * The direct transport's targets, checked on the fan-out results: CPU per event and p99 within a
 * factor of plain node:http, a bounded heap per stream, no loss, and ahead of better-sse on CPU,
 * heap and p99. Empty when the run did not measure the scenario on every server it needs.
 */
export function directTargets(results: FanOutResult[]): TargetCheck[] {
  const { streams, eventsPerSecond } = DIRECT_TARGETS;
  const direct = results.find(
    (r) => r.server === 'nestjs-direct' && r.streams === streams && r.eventsPerSecond === eventsPerSecond,
  );
  const baseline = direct && sameScenario(results, direct, 'baseline');
  const betterSse = direct && sameScenario(results, direct, 'better-sse');
  if (!direct || !baseline || !betterSse) return [];
  const cpuVsBaseline = ratio(direct.cpuSecondsPer100kEvents, baseline.cpuSecondsPer100kEvents);
  const p99VsBaseline = ratio(direct.latencyMs.p99, baseline.latencyMs.p99);
  return [
    {
      target: 'CPU per event / baseline',
      bound: `≤ ${DIRECT_TARGETS.cpuPerEventVsBaseline}×`,
      measured: `${fixed(cpuVsBaseline)}×`,
      met: cpuVsBaseline !== undefined && cpuVsBaseline <= DIRECT_TARGETS.cpuPerEventVsBaseline,
    },
    {
      target: 'heap per stream',
      bound: `≤ ${DIRECT_TARGETS.heapPerStreamKB} KB`,
      measured: `${fixed(direct.heapPerStreamKB, 1)} KB`,
      met: direct.heapPerStreamKB <= DIRECT_TARGETS.heapPerStreamKB,
    },
    {
      target: 'p99 / baseline',
      bound: `≤ ${DIRECT_TARGETS.p99VsBaseline}×`,
      measured: `${fixed(p99VsBaseline)}×`,
      met: p99VsBaseline !== undefined && p99VsBaseline <= DIRECT_TARGETS.p99VsBaseline,
    },
    {
      target: 'loss',
      bound: 'every stream connected, none lost',
      measured: `${direct.connected} of ${streams} connected, ${direct.lossPct} % lost`,
      met: direct.failed === 0 && direct.connected === streams && direct.missed === 0,
    },
    {
      target: 'CPU per event against better-sse',
      bound: 'less',
      measured: `${direct.cpuSecondsPer100kEvents} against ${betterSse.cpuSecondsPer100kEvents} s/100k ev`,
      met: direct.cpuSecondsPer100kEvents < betterSse.cpuSecondsPer100kEvents,
    },
    {
      target: 'heap per stream against better-sse',
      bound: 'less',
      measured: `${direct.heapPerStreamKB} against ${betterSse.heapPerStreamKB} KB`,
      met: direct.heapPerStreamKB < betterSse.heapPerStreamKB,
    },
    {
      target: 'p99 against better-sse',
      bound: 'less',
      measured: `${direct.latencyMs.p99} against ${betterSse.latencyMs.p99} ms`,
      met: direct.latencyMs.p99 < betterSse.latencyMs.p99,
    },
  ];
}

/** Where to look when a target is missed: the two harnesses, on the direct transport. */
export const WHERE_THE_COST_IS =
  'Where the cost is: `npx tsx bench/src/profile.ts direct 10000 nestjs-direct` (CPU by function) and `npx tsx bench/src/heap-profile.ts direct 5000 nestjs-direct` (heap by object kind); docs/benchmarks.md has the last reading.';

export function targetRows(checks: TargetCheck[]): string[] {
  return [
    '| target | bound | measured | met |',
    '|---|---|---|---|',
    ...checks.map((c) => `| ${c.target} | ${c.bound} | ${c.measured} | ${c.met ? 'yes' : '**no**'} |`),
  ];
}
