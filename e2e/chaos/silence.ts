import type { ToxicFault } from './fault';

/** Finding F1: data stops, the socket stays open — a stream that is "open" but silent. */
export const silence: ToxicFault = {
  kind: 'toxic',
  name: 'silence',
  summary: 'drop all data, keep the socket open (timeout toxic)',
  defaultTarget: 'edge',
  toxic: { type: 'timeout', stream: 'downstream' },
  params: {
    // 0 = never close: data is dropped until the fault is cleared.
    closeAfterMs: {
      default: 0,
      min: 0,
      max: 3_600_000,
      help: 'close the connection after this much silence; 0 = never',
    },
  },
  attributes: ({ closeAfterMs }) => ({ timeout: closeAfterMs }),
};
