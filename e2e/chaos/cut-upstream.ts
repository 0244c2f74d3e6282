import type { ToxicFault } from './fault';

/** The connection closes after N bytes: a proxy or network that cuts long responses. */
export const cut: ToxicFault = {
  kind: 'toxic',
  name: 'cut',
  summary: 'close each connection after N bytes (limit_data toxic)',
  defaultTarget: 'upstream',
  toxic: { type: 'limit_data', stream: 'downstream' },
  params: {
    // 0 = close on the first byte.
    afterBytes: { default: 2048, min: 0, max: 1_000_000_000, help: 'bytes let through before the close' },
  },
  attributes: ({ afterBytes }) => ({ bytes: afterBytes }),
};
