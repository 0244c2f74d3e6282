import type { ProxyDownFault } from './fault';

/** The proxy is disabled: its listener closes and every open connection drops. */
export const down: ProxyDownFault = {
  kind: 'proxy-down',
  name: 'down',
  summary: 'disable the proxy: refuse connections, drop open ones',
  defaultTarget: 'edge',
  params: {},
};
