import type { PlatformProfile } from './platform';

export const azure: PlatformProfile = {
  name: 'azure',
  summary: "Azure App Service: 230 s, the Azure Load Balancer's idle timeout, to respond and between bytes",
  limits: { idleMs: 230_000, firstByteMs: 230_000 },
  proxy: 'nginx',
  proxyWhy:
    'an inactivity timer (whether bytes reset it is undocumented; the lab takes the load balancer at its word): nginx proxy_read_timeout',
  http2: false,
  recommended: { heartbeatMs: 30_000, maxStreamMs: 0 },
  sources: [
    'Azure App Service FAQ (MicrosoftDocs/azure-docs): "Why does my request time out after 230 seconds? Azure Load Balancer has a default idle timeout setting of four minutes."',
    'Azure Functions hosting: "230 seconds is the maximum amount of time that an HTTP triggered function can take to respond to a request."',
  ],
};
