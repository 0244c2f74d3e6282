import { shallowRef } from 'vue';
import type { Kpis } from './feed-data';

/** The last `size` KPI samples, oldest first, for the live chart. */
export function useKpiHistory(size = 60) {
  const samples = shallowRef<Kpis[]>([]);
  const receivedAt = shallowRef<number[]>([]);
  const push = (kpis: Kpis) => {
    samples.value = [...samples.value, kpis].slice(-size);
    receivedAt.value = [...receivedAt.value, Date.now()].slice(-size);
  };
  /** Data events per second over the last `windowMs` (or since the first event, if more recent). */
  const ratePerSecond = (now: number, windowMs = 10_000) => {
    const recent = receivedAt.value.filter((at) => now - at <= windowMs);
    if (recent.length < 2) return 0;
    return (recent.length - 1) / Math.max(0.001, (now - recent[0]) / 1000);
  };
  return { samples, push, ratePerSecond };
}
