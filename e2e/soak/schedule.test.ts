import { describe, expect, it } from 'vitest';
import { resolveFault } from '../chaos/resolve';
import { drawSchedule, MAX_OVERLAP, type ScheduledFault } from './schedule';
import { soakCatalogue } from './soak-catalogue';
import { soakStack } from './soak-stack';

const scale = soakCatalogue(soakStack('scale', {}));
const prod = soakCatalogue(soakStack('prod', {}));
const activeAt = (faults: ScheduledFault[], at: number) => faults.filter((f) => f.atMs <= at && f.atMs + f.holdMs > at);
const key = (f: ScheduledFault) => `${f.name}@${f.target ?? f.service ?? ''}`;

describe('drawSchedule', () => {
  it('gives the same schedule for the same seed, and another for another seed', () => {
    expect(drawSchedule(1, 180_000, scale)).toEqual(drawSchedule(1, 180_000, scale));
    expect(drawSchedule(2, 180_000, scale)).not.toEqual(drawSchedule(1, 180_000, scale));
  });

  it.each([1, 2, 3, 42, 4_000_000_000])(
    'draws at least 40 faults in 180 s of the scaled topology, overlapping (seed %i)',
    (seed) => {
      const faults = drawSchedule(seed, 180_000, scale);
      expect(faults.length).toBeGreaterThanOrEqual(40);
      expect(faults.some((fault) => activeAt(faults, fault.atMs).length > 1)).toBe(true);
      expect(faults.every((fault) => fault.atMs < 180_000)).toBe(true);
    },
  );

  it.each([1, 7, 99])(
    'never runs more than MAX_OVERLAP at once, the same fault twice on one point, or two container faults together (seed %i)',
    (seed) => {
      for (const catalogue of [scale, prod]) {
        const faults = drawSchedule(seed, 600_000, catalogue);
        for (const fault of faults) {
          const active = activeAt(faults, fault.atMs);
          expect(active.length).toBeLessThanOrEqual(MAX_OVERLAP);
          expect(active.filter((other) => key(other) === key(fault))).toHaveLength(1);
          expect(active.filter((other) => other.group === 'containers').length).toBeLessThanOrEqual(1);
        }
      }
    },
  );

  it('draws only faults the chaos catalogue accepts, on the fault points of the topology', () => {
    const points = { scale: ['edge', 'redis'], prod: ['edge', 'upstream'] };
    for (const [topology, catalogue] of [
      ['scale', scale],
      ['prod', prod],
    ] as const) {
      const faults = drawSchedule(5, 600_000, catalogue);
      for (const fault of faults) {
        expect(() =>
          resolveFault(fault.name, fault.group === 'network' ? fault.target : undefined, fault.params),
        ).not.toThrow();
        if (fault.group === 'network') expect(points[topology]).toContain(fault.target);
      }
      if (topology === 'prod')
        expect(faults.some((fault) => ['kill-replica', 'rolling-deploy', 'redis-down'].includes(fault.name))).toBe(
          false,
        );
    }
  });

  it('covers every kind of fault of the scaled topology over a long run, latency above the watchdog included', () => {
    const faults = drawSchedule(1, 1_800_000, scale);
    const names = new Set(faults.map((fault) => fault.name));
    for (const name of [
      'jitter',
      'slice',
      'slow',
      'silence',
      'stall',
      'reset',
      'down',
      'cut',
      'latency',
      'redis-down',
      'pause-backend',
      'restart-backend',
      'kill-replica',
      'rolling-deploy',
    ])
      expect(names).toContain(name);
    expect(faults.some((fault) => fault.name === 'jitter' && fault.params.latencyMs > 2500)).toBe(true);
  });
});
