import type { ToxicFault } from './fault';

/** A thin pipe towards the browser. */
export const slow: ToxicFault = {
  kind: 'toxic',
  name: 'slow',
  summary: 'limit bandwidth towards the browser (bandwidth toxic)',
  defaultTarget: 'edge',
  toxic: { type: 'bandwidth', stream: 'downstream' },
  params: {
    // 0 = nothing gets through until cleared.
    rateKBps: { default: 1, min: 0, max: 1_000_000, help: 'throughput in KB/s (1 KB = 1000 bytes)' },
  },
  attributes: ({ rateKBps }) => ({ rate: rateKBps }),
};
