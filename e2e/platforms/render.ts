import type { PlatformProfile } from './platform';

export const render: PlatformProfile = {
  name: 'render',
  summary:
    'Render free web service: stopped after 15 min without inbound traffic, started (a cold start) by the next request',
  limits: { sleepAfterMs: 900_000 },
  proxy: 'spin-down',
  proxyWhy:
    'no proxy stops an app: the spin-down edge forwards connections, stops the app container when idle and starts it on the next one (Sablier does the same with Traefik or Caddy plugins, none of them in Debian)',
  http2: false,
  // Each rotation is a new request, so inbound traffic: under 15 min it keeps the instance awake
  // whether or not an open stream counts, which Render does not document.
  recommended: { heartbeatMs: 30_000, maxStreamMs: 600_000 },
  sources: [
    'https://render.com/docs/free',
    'https://render.com/tutorials/web-service-vs-static-site/web-services',
    'https://community.render.com/t/autoscaling-down-how-when-persistent-connections/1765',
  ],
};
