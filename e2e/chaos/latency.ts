import type { ToxicFault } from './fault';

/** Every chunk towards the browser is delayed. */
export const latency: ToxicFault = {
  kind: 'toxic',
  name: 'latency',
  summary: 'delay data towards the browser (latency toxic)',
  defaultTarget: 'edge',
  toxic: { type: 'latency', stream: 'downstream' },
  params: {
    // 0 = no added delay.
    latencyMs: { default: 500, min: 0, max: 60_000, help: 'added delay per chunk' },
  },
  attributes: ({ latencyMs }) => ({ latency: latencyMs, jitter: 0 }),
};
