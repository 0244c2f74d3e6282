import { describe, expect, it } from 'vitest';
import { distribution, lossPct } from './stats';

describe('distribution', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(distribution(values)).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
  });

  it('is NaN for an empty sample', () => {
    expect(distribution([]).p50).toBeNaN();
  });
});

describe('lossPct', () => {
  it('is the missed share of what the streams should have had', () => {
    expect(lossPct(99, 1)).toBe(1);
    expect(lossPct(100, 0)).toBe(0);
    expect(lossPct(0, 0)).toBe(0);
  });
});
