import type { ToxicFault } from './fault';

/** Delay that varies per chunk: latency ± jitter. */
export const jitter: ToxicFault = {
  kind: 'toxic',
  name: 'jitter',
  summary: 'delay data by latency ± jitter (latency toxic)',
  defaultTarget: 'edge',
  toxic: { type: 'latency', stream: 'downstream' },
  params: {
    latencyMs: { default: 300, min: 0, max: 60_000, help: 'mean added delay per chunk' },
    // 0 = constant delay.
    jitterMs: { default: 250, min: 0, max: 60_000, help: 'uniform spread around the mean' },
  },
  attributes: ({ latencyMs, jitterMs }) => ({ latency: latencyMs, jitter: jitterMs }),
};
