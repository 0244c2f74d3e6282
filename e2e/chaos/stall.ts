import type { ToxicFault } from './fault';

/**
 * The peer stops taking data but never closes: what the server sees of a black-holed path or a
 * frozen client. Unlike `silence` (Toxiproxy reads and drops, so the server's writes succeed),
 * nothing is read, and the server's socket backs up.
 */
export const stall: ToxicFault = {
  kind: 'toxic',
  name: 'stall',
  summary: "stop taking data towards the browser, socket kept open (bandwidth 0): the server's socket backs up",
  defaultTarget: 'edge',
  toxic: { type: 'bandwidth', stream: 'downstream' },
  params: {},
  attributes: () => ({ rate: 0 }),
};
