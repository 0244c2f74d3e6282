import { describe, expect, it } from 'vitest';
import { formatDurations, summariseDurations } from './durations';

const run = [
  { project: 'chromium', file: 'f1.spec.ts', title: 'a', ms: 10_000 },
  { project: 'chromium', file: 'f11.spec.ts', title: 'b', ms: 50_000 },
  { project: 'webkit', file: 'f11.spec.ts', title: 'b', ms: 120_000 },
  { project: 'chromium-direct', file: 'f10.spec.ts', title: 'c', ms: 20_000 },
];

describe('summariseDurations', () => {
  it('should total each project in the order they ran, each spec file across them, and rank the slowest tests', () => {
    const summary = summariseDurations(run, 2);
    expect(summary.totalMs).toBe(200_000);
    expect(summary.projects).toEqual([
      { project: 'chromium', tests: 2, ms: 60_000 },
      { project: 'webkit', tests: 1, ms: 120_000 },
      { project: 'chromium-direct', tests: 1, ms: 20_000 },
    ]);
    expect(summary.specs).toEqual([
      {
        file: 'f11.spec.ts',
        ms: 170_000,
        projects: [
          { project: 'chromium', ms: 50_000 },
          { project: 'webkit', ms: 120_000 },
        ],
      },
      { file: 'f10.spec.ts', ms: 20_000, projects: [{ project: 'chromium-direct', ms: 20_000 }] },
    ]);
    expect(summary.slowest.map(({ project, title }) => `${project} ${title}`)).toEqual(['webkit b', 'chromium b']);
  });
});

describe('formatDurations', () => {
  it('should print the total, a line per project, the costliest specs and the slowest tests', () => {
    expect(formatDurations(summariseDurations(run, 1)).split('\n')).toEqual([
      'time in tests: 3.3 min',
      '  chromium           2 tests  1.0 min',
      '  webkit             1 tests  2.0 min',
      '  chromium-direct    1 tests  0.3 min',
      'costliest specs:',
      '   170.0 s  f11.spec.ts (chromium 50 s, webkit 120 s)',
      'slowest tests:',
      '   120.0 s  [webkit] f11.spec.ts › b',
    ]);
  });
});
