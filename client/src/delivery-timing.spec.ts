import { describe, expect, it } from 'vitest';
import { DeliveryTiming, MIN_GAP_SAMPLES } from './delivery-timing.js';

const bounds = { staleAfterHeartbeats: 2.5, maxStaleAfterHeartbeats: 7.5, maxConnectTimeoutMs: 60_000 };

describe('DeliveryTiming', () => {
  it('waits the floor on a steady path, however many gaps it has seen', () => {
    const timing = new DeliveryTiming(bounds);
    for (let i = 0; i < 100; i++) timing.sampleGap(i % 4 === 0 ? 0 : 250);
    expect(timing.silenceMs(1000)).toBe(2500);
  });

  it('widens the silence it tolerates on a path that jitters, from the smoothed gap and its deviation', () => {
    const timing = new DeliveryTiming(bounds);
    const gaps = [100, 2200, 50, 1900, 300, 2400, 0, 2000, 150, 2300];
    for (const gap of gaps) timing.sampleGap(gap);
    const widened = timing.silenceMs(1000);
    expect(widened).toBeGreaterThan(2500);
    expect(widened).toBeGreaterThan(Math.max(...gaps));
    expect(widened).toBeLessThanOrEqual(7500);
  });

  it('does not widen on fewer than MIN_GAP_SAMPLES gaps', () => {
    const timing = new DeliveryTiming(bounds);
    for (let i = 0; i < MIN_GAP_SAMPLES - 1; i++) timing.sampleGap(i % 2 ? 3000 : 0);
    expect(timing.silenceMs(1000)).toBe(2500);
  });

  it('never tolerates more than maxStaleAfterHeartbeats heartbeats of silence', () => {
    const timing = new DeliveryTiming(bounds);
    for (let i = 0; i < 50; i++) timing.sampleGap(i % 2 ? 20_000 : 0);
    expect(timing.silenceMs(1000)).toBe(7500);
  });

  it('gives each failed attempt twice the wait of the one before, up to the cap', () => {
    const timing = new DeliveryTiming(bounds);
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => timing.attemptMs(1000, attempt))).toEqual([
      2500, 5000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });

  it('starts an attempt at twice the slowest connection seen when that is longer than the floor', () => {
    const timing = new DeliveryTiming(bounds);
    timing.sampleConnect(6000);
    timing.sampleConnect(800);
    expect(timing.attemptMs(1000, 0)).toBe(12_000);
    expect(timing.attemptMs(1000, 1)).toBe(24_000);
  });

  it('keeps a cap below the floor from cutting the first attempt short', () => {
    const timing = new DeliveryTiming({ ...bounds, maxConnectTimeoutMs: 1000 });
    expect(timing.attemptMs(30_000, 3)).toBe(75_000);
  });
});
