import type { PlatformProfile } from './platform';

export const cloudRun: PlatformProfile = {
  name: 'cloud-run',
  summary: 'Google Cloud Run: every request ended at the request timeout (300 s by default), streams included',
  limits: { totalMs: 300_000 },
  proxy: 'caddy',
  proxyWhy: 'a cap on the whole response: Caddy write_timeout; nginx and HAProxy 2.6 have none',
  http2: true,
  recommended: { heartbeatMs: 30_000, maxStreamMs: 270_000 },
  sources: [
    'https://docs.cloud.google.com/run/docs/configuring/request-timeout',
    'https://cloud.google.com/run/docs/triggering/websockets',
  ],
};
