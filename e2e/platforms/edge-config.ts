import type { PlatformLimits, PlatformParameters, PlatformProfile } from './platform';

/** Where the platform's proxy forwards: the upstream Toxiproxy, in front of the app. */
export const UPSTREAM = 'toxiproxy:8081';
/** The app itself, on the network it shares with the upstream Toxiproxy: up when this accepts a connection. */
export const APP_ADDRESS = 'app-back:3000';
/** The lab's self-signed certificate (infra/nginx/make-cert.sh), mounted here in the proxy's container. */
export const CERT_DIR = '/etc/platform/certs';

/** The port the platform's proxy listens on in its container: TLS (and HTTP/2) or plain HTTP/1.1. */
export const listenPort = (profile: PlatformProfile) => (profile.http2 ? 443 : 80);

/**
 * The proxy's configuration for a profile, its limits already scaled: a Caddyfile, an nginx
 * server block or the spin-down edge's JSON. Nothing else differs from a proxy tuned for SSE (no
 * buffering, no compression), so that a cut comes from the platform's timers alone.
 */
export function edgeConfig(
  profile: PlatformProfile,
  limits: PlatformLimits,
  parameters: PlatformParameters = { streamIsTraffic: false },
  appAddress = APP_ADDRESS,
): string {
  if (profile.proxy === 'caddy') return caddyfile(profile, limits);
  if (profile.proxy === 'nginx') return nginxConf(profile, limits);
  return spinDownConfig(profile, limits, parameters, appAddress);
}

/** e2e/platforms/spin-down's settings (its config.mjs checks them): TCP through, the app stopped when idle. */
function spinDownConfig(
  profile: PlatformProfile,
  { sleepAfterMs }: PlatformLimits,
  { streamIsTraffic }: PlatformParameters,
  appAddress: string,
) {
  if (sleepAfterMs === undefined) throw new Error(`${profile.name}: the spin-down edge needs a sleepAfterMs`);
  const config = {
    listenPort: listenPort(profile),
    upstream: UPSTREAM,
    readyAt: appAddress,
    service: 'app',
    sleepAfterMs,
    streamIsTraffic,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function caddyfile(profile: PlatformProfile, { idleMs, firstByteMs, totalMs }: PlatformLimits): string {
  const transport = [
    idleMs === undefined ? undefined : `read_timeout ${idleMs}ms`,
    firstByteMs === undefined ? undefined : `response_header_timeout ${firstByteMs}ms`,
  ].filter(Boolean);
  return [
    `# ${profile.summary}`,
    `# Generated for PLATFORM=${profile.name} by e2e/platforms (scaled limits); sources: ${profile.sources.join(' ; ')}`,
    '{',
    '\tadmin off',
    '\tauto_https off',
    '\tservers {',
    // No HTTP/3: the lab's edge is TCP, and an Alt-Svc for QUIC would send a browser nowhere.
    '\t\tprotocols h1 h2',
    // A deadline on writing the whole response (Go's WriteTimeout): a total cap, not an idle one.
    ...(totalMs === undefined ? [] : ['\t\ttimeouts {', `\t\t\twrite ${totalMs}ms`, '\t\t}']),
    '\t}',
    '}',
    `${profile.http2 ? 'https://' : 'http://'}:${listenPort(profile)} {`,
    ...(profile.http2 ? [`\ttls ${CERT_DIR}/lab.crt ${CERT_DIR}/lab.key`] : []),
    `\treverse_proxy ${UPSTREAM} {`,
    '\t\tflush_interval -1',
    ...(transport.length ? ['\t\ttransport http {', ...transport.map((line) => `\t\t\t${line}`), '\t\t}'] : []),
    '\t}',
    '}',
    '',
  ].join('\n');
}

function nginxConf(profile: PlatformProfile, { idleMs, firstByteMs, totalMs }: PlatformLimits): string {
  if (totalMs !== undefined) throw new Error(`${profile.name}: nginx has no cap on a response's duration; use caddy`);
  if (idleMs !== firstByteMs)
    throw new Error(`${profile.name}: nginx has one timer for the first byte and the rest; use caddy for two`);
  const readTimeout = idleMs === undefined ? '1h' : `${idleMs}ms`;
  return [
    `# ${profile.summary}`,
    `# Generated for PLATFORM=${profile.name} by e2e/platforms (scaled limits); sources: ${profile.sources.join(' ; ')}`,
    'server {',
    profile.http2 ? `  listen ${listenPort(profile)} ssl http2;` : `  listen ${listenPort(profile)};`,
    ...(profile.http2 ? [`  ssl_certificate ${CERT_DIR}/lab.crt;`, `  ssl_certificate_key ${CERT_DIR}/lab.key;`] : []),
    '  location / {',
    `    proxy_pass http://${UPSTREAM};`,
    '    proxy_http_version 1.1;',
    "    proxy_set_header Connection '';",
    '    proxy_set_header Host $host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    '    proxy_buffering off;',
    // Between two reads from the app, the first included: the platform's inactivity timer.
    `    proxy_read_timeout ${readTimeout};`,
    `    send_timeout ${readTimeout};`,
    '  }',
    '}',
    '',
  ].join('\n');
}
