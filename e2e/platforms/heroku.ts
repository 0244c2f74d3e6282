import type { PlatformProfile } from './platform';

export const heroku: PlatformProfile = {
  name: 'heroku',
  summary: 'Heroku router: a first byte within 30 s, then a byte at least every 55 s',
  limits: { firstByteMs: 30_000, idleMs: 55_000 },
  proxy: 'caddy',
  proxyWhy:
    'two different timers, first byte and idle: Caddy has both (response_header_timeout, read_timeout); nginx has one for both',
  http2: false,
  recommended: { heartbeatMs: 30_000, maxStreamMs: 0 },
  sources: [
    'https://devcenter.heroku.com/articles/http-routing#timeouts',
    'https://devcenter.heroku.com/articles/heroku-improved-router',
  ],
};
