import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeConfig } from './edge-config';
import { platformNamed } from './index';
import {
  DASHBOARD_DEFAULTS,
  type PlatformLimits,
  type PlatformParameters,
  type PlatformProfile,
  type RecommendedSettings,
} from './platform';
import { parseTimeScale, scaleLimits, scaleSettings } from './time-scale';

/** The app's settings behind the platform: the dashboard's own (what the platform does to them), or the lab's advice. */
export type SettingsChoice = 'dashboard' | 'recommended';
const SETTINGS_CHOICES: readonly SettingsChoice[] = ['dashboard', 'recommended'];

export function parseSettingsChoice(raw: string | undefined): SettingsChoice {
  if (raw === undefined || raw === '') return 'dashboard';
  if (!SETTINGS_CHOICES.includes(raw as SettingsChoice))
    throw new Error(`PLATFORM_SETTINGS="${raw}": expected ${SETTINGS_CHOICES.join(' or ')}`);
  return raw as SettingsChoice;
}

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

export interface PlatformStack {
  profile: PlatformProfile;
  parameters: PlatformParameters;
  scale: number;
  /** The platform's limits at this scale. */
  limits: PlatformLimits;
  settingsChoice: SettingsChoice;
  /** The app's settings at this scale. */
  settings: RecommendedSettings;
  /** The proxy's configuration, written by writePlatformConfig. */
  configFile: string;
  /** The compose files, from the repository's root. */
  composeFiles: string[];
  /** What compose needs beside the images: the proxy, its configuration, the proxies' wiring, the app's settings. */
  env: Record<string, string>;
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

/**
 * Everything `make up PLATFORM=…` needs, from PLATFORM, PLATFORM_TIME_SCALE, PLATFORM_SETTINGS and
 * PLATFORM_STREAM_IS_TRAFFIC; each bad one is named.
 */
export function describePlatformStack(
  {
    platform,
    timeScale,
    settings,
    streamIsTraffic,
  }: { platform: string; timeScale?: string; settings?: string; streamIsTraffic?: string },
  stateDir: string,
  images: ProxyImages = {},
): PlatformStack {
  const profile = platformNamed(platform);
  const scale = parseTimeScale(timeScale);
  const settingsChoice = parseSettingsChoice(settings);
  const parameters = { streamIsTraffic: parseStreamIsTraffic(streamIsTraffic, profile) };
  const scaledSettings = scaleSettings(
    settingsChoice === 'recommended' ? profile.recommended : DASHBOARD_DEFAULTS,
    scale,
  );
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
    settingsChoice,
    settings: scaledSettings,
    configFile,
    composeFiles: [
      'compose.prod.yaml',
      'infra/platform/compose.platform.yaml',
      ...(profile.proxy === 'spin-down' ? ['infra/platform/compose.spin-down.yaml'] : []),
    ],
    env: {
      PLATFORM_PROXY_IMAGE: proxyImage(profile.proxy, images),
      PLATFORM_CONFIG: configFile,
      PLATFORM_CONFIG_TARGET: files.target,
      TOXIPROXY_POPULATE: profile.http2 ? 'populate.platform-tls.json' : 'populate.platform.json',
      TRUST_PROXY: 'toxiproxy',
      HEARTBEAT_MS: String(scaledSettings.heartbeatMs),
      MAX_STREAM_MS: String(scaledSettings.maxStreamMs),
    },
  };
}

export function writePlatformConfig(stack: PlatformStack): void {
  mkdirSync(join(stack.configFile, '..'), { recursive: true });
  writeFileSync(stack.configFile, edgeConfig(stack.profile, stack.limits, stack.parameters));
}
