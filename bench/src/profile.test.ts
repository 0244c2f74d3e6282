import { describe, expect, it } from 'vitest';
import { topFunctions, type CpuProfile } from './profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
const nodes = [
  { id: 1, callFrame: frame('(root)') },
  { id: 2, callFrame: frame('writeMessage', 'file:///app/node_modules/@nestjs/core/router/sse-stream.js', 112) },
  { id: 3, callFrame: frame('writeMessage', 'file:///app/node_modules/@nestjs/core/router/sse-stream.js', 112) },
  { id: 4, callFrame: frame('(garbage collector)') },
  { id: 5, callFrame: frame('', 'file:///app/dist/stream.service.js', 9) },
  { id: 6, callFrame: frame('(idle)') },
  { id: 7, callFrame: frame('(program)') },
];

/** One sample per millisecond from t = 1 s, landing in the given nodes. */
const profileOf = (samples: number[]): CpuProfile => ({
  nodes,
  samples,
  startTime: 1_000_000,
  timeDeltas: samples.map(() => 1000),
});

describe('topFunctions', () => {
  it('should add up self samples by function and file, largest first, as shares of the busy ones', () => {
    const profile = profileOf([2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 6, 6, 7, 5, 4]);
    expect(topFunctions(profile)).toEqual([
      { name: 'writeMessage sse-stream.js:113', sharePct: 50 },
      { name: '(garbage collector)', sharePct: 30 },
      { name: '(anonymous) stream.service.js:10', sharePct: 20 },
    ]);
    expect(topFunctions(profile, 1)).toHaveLength(1);
  });

  it('should count only the samples inside the window when one is given', () => {
    // Samples at 1.001 s, 1.002 s, …: the first four are start-up, the rest the measured stream.
    const profile = profileOf([5, 5, 5, 5, 2, 4, 2, 6]);
    expect(topFunctions(profile, 20, { fromUs: 1_005_000, toUs: 1_008_000 })).toEqual([
      { name: 'writeMessage sse-stream.js:113', sharePct: 66.7 },
      { name: '(garbage collector)', sharePct: 33.3 },
    ]);
  });
});
