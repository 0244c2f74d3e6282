import type { ToxicType } from './toxic';

/** Delays each chunk to arrival + latency ± jitter (ms); order kept, throughput not limited. */
export const latency: ToxicType<{ latency: number; jitter: number }> = {
  type: 'latency',
  defaults: { latency: 0, jitter: 0 },
  async chunk(chunk, { latency: delayMs, jitter }, link) {
    const spread = jitter > 0 ? Math.floor(link.random() * 2 * jitter) - jitter : 0;
    const delay = delayMs + spread;
    chunk.arrivedAt += delay;
    const remaining = chunk.arrivedAt - Date.now();
    if (remaining > 0) await link.wait(remaining);
    return [chunk.data];
  },
};
