import type { ProxyDownFault } from './fault';

/** The replicas lose Redis: the "redis" proxy of the scaled topology is disabled until FAULT=clear. */
export const redisDown: ProxyDownFault = {
  kind: 'proxy-down',
  name: 'redis-down',
  summary: 'cut every replica off Redis (scaled topology) until FAULT=clear',
  defaultTarget: 'redis',
  params: {},
};
