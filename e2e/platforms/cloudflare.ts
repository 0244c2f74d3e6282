import type { PlatformProfile } from './platform';

export const cloudflare: PlatformProfile = {
  name: 'cloudflare',
  summary: 'Cloudflare proxy: 524 after 100 s between two reads from the origin (the first one included)',
  limits: { idleMs: 100_000, firstByteMs: 100_000 },
  proxy: 'nginx',
  proxyWhy: 'one timer between reads from the origin, the first included: nginx proxy_read_timeout',
  http2: false,
  recommended: { heartbeatMs: 30_000, maxStreamMs: 0 },
  sources: ['https://developers.cloudflare.com/fundamentals/reference/connection-limits/'],
};
