import type { ToxicFault } from './fault';

/** Connections are reset (RST) when data next flows: a peer that vanishes. */
export const reset: ToxicFault = {
  kind: 'toxic',
  name: 'reset',
  summary: 'reset connections when data next flows (reset_peer toxic)',
  defaultTarget: 'edge',
  toxic: { type: 'reset_peer', stream: 'downstream' },
  params: {
    // 0 = reset at once.
    afterMs: { default: 0, min: 0, max: 600_000, help: 'wait this long after the next data before resetting' },
  },
  attributes: ({ afterMs }) => ({ timeout: afterMs }),
};
