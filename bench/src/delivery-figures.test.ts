import { describe, expect, it } from 'vitest';
import { deliveryFigures, per100kEvents } from './delivery-figures';

describe('deliveryFigures', () => {
  it('turns a measured window into the figures every fan-out scenario reports', () => {
    const figures = deliveryFigures({
      connected: 1000,
      failed: 2,
      eventsPerSecond: 1,
      measureMs: 15_000,
      events: 14_990,
      missed: 10,
      latenciesMs: [10, 20, 30, 40],
      cpuSeconds: 0.3,
      idleRssBytes: 80 * 1024 * 1024,
      loadedRssBytes: 80 * 1024 * 1024 + 1000 * 20 * 1024,
    });
    expect(figures).toMatchObject({
      connected: 1000,
      failed: 2,
      delivered: 14_990,
      expected: 15_000,
      missed: 10,
      lossPct: 0.07,
      rssPerStreamKB: 20,
      cpuSecondsPer100kEvents: 2,
    });
    expect(figures.latencyMs.max).toBe(40);
  });

  it('has no CPU per event when nothing was delivered', () => {
    expect(per100kEvents(1, 0)).toBeNaN();
  });
});
