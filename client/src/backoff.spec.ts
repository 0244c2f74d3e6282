import { describe, expect, it } from 'vitest';
import { backoffDelayMs, backoffReason, backoffStepMs, readBackoffReason, type BackoffPolicy } from './backoff.js';

const policy: BackoffPolicy = { initialBackoffMs: 1000, backoffFactor: 2, maxBackoffMs: 30_000, jitter: 1 };

describe('backoff', () => {
  it('should grow exponentially until the cap', () => {
    const steps = Array.from({ length: 8 }, (_, attempt) => backoffStepMs(attempt, policy));
    expect(steps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('should stay within [0, step] over many draws, never above the cap', () => {
    // One assertion over every draw: 72 000 expect() calls took longer than the test's timeout on a loaded machine.
    const outOfBounds: string[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = backoffStepMs(attempt, policy);
      for (let draw = 0; draw < 2000; draw++) {
        const delay = backoffDelayMs(attempt, policy);
        if (delay < 0 || delay > step || delay > policy.maxBackoffMs) outOfBounds.push(`attempt ${attempt}: ${delay}`);
      }
    }
    expect(outOfBounds).toEqual([]);
  });

  it('should spread full-jitter delays over the whole step', () => {
    const draws = Array.from({ length: 5000 }, () => backoffDelayMs(3, policy));
    const buckets = [0, 0, 0, 0];
    for (const delay of draws) buckets[Math.min(3, Math.floor(delay / 2000))]++;
    for (const count of buckets) expect(count).toBeGreaterThan(900);
    expect(new Set(draws).size).toBeGreaterThan(1000);
  });

  it('should be deterministic without jitter', () => {
    expect(backoffDelayMs(2, { ...policy, jitter: 0 }, () => 0.7)).toBe(4000);
    expect(backoffDelayMs(2, { ...policy, jitter: 0.5 }, () => 1)).toBe(2000);
  });

  it('should write the attempt and delay into a reason the suite reads back, and read nothing from another reason', () => {
    const reason = backoffReason('error while open', 3, 1840);
    expect(reason).toBe('error while open; retry #3 in 1840 ms');
    expect(readBackoffReason(reason)).toEqual({ attempt: 3, delayMs: 1840 });
    expect(readBackoffReason('stale')).toBeUndefined();
    expect(readBackoffReason('retry #3 in 1840 ms; later')).toBeUndefined();
  });
});
