import type { PlatformProfile } from './platform';

export const alb: PlatformProfile = {
  name: 'alb',
  summary: 'AWS Application Load Balancer: closed after 60 s without data (HTTP/2 PING does not count)',
  limits: { idleMs: 60_000, firstByteMs: 60_000 },
  proxy: 'nginx',
  proxyWhy: 'one inactivity timer for the first byte and the rest: nginx proxy_read_timeout',
  http2: true,
  recommended: { heartbeatMs: 30_000, maxStreamMs: 0 },
  sources: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html'],
};
