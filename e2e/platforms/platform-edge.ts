import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ADDRESS, edgeConfig } from './edge-config';
import { platformNamed } from './index';
import type { PlatformLimits, PlatformParameters, PlatformProfile } from './platform';
import { parseTimeScale, scaleLimits } from './time-scale';

/**
 * PLATFORM_STREAM_IS_TRAFFIC=yes|no (default no): whether an open stream keeps a profile that
 * sleeps (render) awake. Only such a profile takes it.
 */
export function parseStreamIsTraffic(raw: string | undefined, profile: PlatformProfile): boolean {
  if (raw === undefined || raw === '') return false;
  if (raw !== 'yes' && raw !== 'no') throw new Error(`PLATFORM_STREAM_IS_TRAFFIC="${raw}": expected yes or no`);
  if (profile.limits.sleepAfterMs === undefined)
    throw new Error(
      `PLATFORM_STREAM_IS_TRAFFIC="${raw}": ${profile.name} never sleeps; only a profile that does takes it`,
    );
  return raw === 'yes';
}

/** The images the bootstrap chose (infra/.images.env), or the upstream ones. */
export interface ProxyImages {
  caddy?: string;
  nginx?: string;
  /** The spin-down edge runs on the app's Node base image. */
  node?: string;
}

const PROXY_FILES = {
  caddy: { extension: '.Caddyfile', target: '/etc/caddy/Caddyfile' },
  nginx: { extension: '.conf', target: '/etc/nginx/conf.d/default.conf' },
  'spin-down': { extension: '.json', target: '/etc/platform/spin-down.json' },
} as const;

const proxyImage = (proxy: PlatformProfile['proxy'], images: ProxyImages) =>
  ({
    caddy: images.caddy ?? 'caddy:2.6',
    nginx: images.nginx ?? 'nginx:1.27',
    'spin-down': images.node ?? 'node:22-bookworm-slim',
  })[proxy];

/** A platform's edge in front of an app, the lab's demo or a team's (TARGET=): its proxy and that proxy's configuration. */
export interface PlatformEdge {
  profile: PlatformProfile;
  parameters: PlatformParameters;
  scale: number;
  /** The platform's limits at this scale. */
  limits: PlatformLimits;
  /** The app in its container, as the proxy's network sees it: where the spin-down edge checks it is up. */
  appAddress: string;
  /** The proxy's configuration, written by writePlatformConfig. */
  configFile: string;
  /** The compose files that add the edge to an app's stack, from the repository's root. */
  overlayFiles: string[];
  /** The proxy's image and where its configuration goes in it. */
  env: Record<'PLATFORM_PROXY_IMAGE' | 'PLATFORM_CONFIG' | 'PLATFORM_CONFIG_TARGET', string>;
}

/** The edge of PLATFORM at PLATFORM_TIME_SCALE, with PLATFORM_STREAM_IS_TRAFFIC; each bad one is named. */
export function describePlatformEdge(
  { platform, timeScale, streamIsTraffic }: { platform: string; timeScale?: string; streamIsTraffic?: string },
  stateDir: string,
  images: ProxyImages = {},
  appAddress = APP_ADDRESS,
): PlatformEdge {
  const profile = platformNamed(platform);
  const scale = parseTimeScale(timeScale, profile);
  const parameters = { streamIsTraffic: parseStreamIsTraffic(streamIsTraffic, profile) };
  const files = PROXY_FILES[profile.proxy];
  const variant =
    profile.limits.sleepAfterMs === undefined ? '' : parameters.streamIsTraffic ? '-stream-awake' : '-stream-idle';
  // A file per profile, scale and parameter: compose recreates the proxy when its mount's source changes, not its content.
  const configFile = join(stateDir, `${profile.name}-x${scale}${variant}${files.extension}`);
  return {
    profile,
    parameters,
    scale,
    limits: scaleLimits(profile.limits, scale),
    appAddress,
    configFile,
    overlayFiles: [
      'infra/platform/compose.platform.yaml',
      ...(profile.proxy === 'spin-down' ? ['infra/platform/compose.spin-down.yaml'] : []),
    ],
    env: {
      PLATFORM_PROXY_IMAGE: proxyImage(profile.proxy, images),
      PLATFORM_CONFIG: configFile,
      PLATFORM_CONFIG_TARGET: files.target,
    },
  };
}

export function writePlatformConfig(edge: PlatformEdge): void {
  mkdirSync(join(edge.configFile, '..'), { recursive: true });
  writeFileSync(edge.configFile, edgeConfig(edge.profile, edge.limits, edge.parameters, edge.appAddress));
}
