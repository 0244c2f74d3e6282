import type { PlatformProfile } from './platform';

export const gcpLb: PlatformProfile = {
  name: 'gcp-lb',
  summary:
    'GCP external Application Load Balancer: every response ended at the backend service timeout (30 s), whatever is sent',
  limits: { totalMs: 30_000 },
  proxy: 'caddy',
  proxyWhy: 'a cap on the whole response: Caddy write_timeout; nginx and HAProxy 2.6 have none',
  http2: true,
  recommended: { heartbeatMs: 30_000, maxStreamMs: 24_000 },
  sources: [
    'Google Cloud, backend service timeout: "the amount of time the load balancer will wait for your backend to return a complete response. It is not an idle (keepalive) timeout" (quoted at https://www.jhanley.com/blog/google-cloud-http-load-balancer-file-upload-error/); "The default is 30 seconds" (API reference)',
    'https://gcpdiag.dev/rules/lb/BP/2025_002/index.html',
  ],
};
