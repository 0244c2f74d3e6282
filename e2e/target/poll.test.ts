import { describe, expect, it } from 'vitest';
import { pollFor } from './poll';

describe('pollFor', () => {
  it('returns as soon as the value is what it waits for', async () => {
    let reads = 0;
    const result = await pollFor(
      async () => ++reads,
      (value) => value === 3,
      { timeoutMs: 5_000, intervalMs: 1 },
    );
    expect(result).toMatchObject({ value: 3, met: true });
  });

  it('returns the last value, not met, once the time runs out', async () => {
    const result = await pollFor(
      async () => 'never',
      () => false,
      { timeoutMs: 30, intervalMs: 5 },
    );
    expect(result.met).toBe(false);
    expect(result.value).toBe('never');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(30);
  });
});
