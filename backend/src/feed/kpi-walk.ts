/** The demo dashboard's figures: the payload of its data events. */
export interface Kpis {
  activeUsers: number;
  ordersPerMinute: number;
  errorRatePct: number;
  p95LatencyMs: number;
}

export const INITIAL_KPIS: Kpis = { activeUsers: 1200, ordersPerMinute: 85, errorRatePct: 0.4, p95LatencyMs: 180 };

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** One bounded random-walk step, so consecutive updates look like a live feed. */
export function nextKpis(current: Kpis, random: () => number = Math.random): Kpis {
  const step = (spread: number) => (random() - 0.5) * 2 * spread;
  return {
    activeUsers: Math.round(clamp(current.activeUsers + step(40), 200, 5000)),
    ordersPerMinute: Math.round(clamp(current.ordersPerMinute + step(6), 5, 400)),
    errorRatePct: round(clamp(current.errorRatePct + step(0.15), 0, 15), 2),
    p95LatencyMs: Math.round(clamp(current.p95LatencyMs + step(15), 40, 2000)),
  };
}
