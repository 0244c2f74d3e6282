import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { edgeConfig } from './edge-config';
import { platformNamed } from './index';
import { DASHBOARD_DEFAULTS, type PlatformLimits, type PlatformProfile, type RecommendedSettings } from './platform';
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

export interface PlatformStack {
  profile: PlatformProfile;
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
}

/** Everything `make up PLATFORM=…` needs, from PLATFORM, PLATFORM_TIME_SCALE and PLATFORM_SETTINGS; each bad one is named. */
export function describePlatformStack(
  { platform, timeScale, settings }: { platform: string; timeScale?: string; settings?: string },
  stateDir: string,
  images: ProxyImages = {},
): PlatformStack {
  const profile = platformNamed(platform);
  const scale = parseTimeScale(timeScale);
  const settingsChoice = parseSettingsChoice(settings);
  const scaledSettings = scaleSettings(
    settingsChoice === 'recommended' ? profile.recommended : DASHBOARD_DEFAULTS,
    scale,
  );
  const caddy = profile.proxy === 'caddy';
  // A file per profile and scale: compose recreates the proxy when its mount's source changes, not its content.
  const configFile = join(stateDir, `${profile.name}-x${scale}${caddy ? '.Caddyfile' : '.conf'}`);
  return {
    profile,
    scale,
    limits: scaleLimits(profile.limits, scale),
    settingsChoice,
    settings: scaledSettings,
    configFile,
    composeFiles: ['compose.prod.yaml', 'infra/platform/compose.platform.yaml'],
    env: {
      PLATFORM_PROXY_IMAGE: caddy ? (images.caddy ?? 'caddy:2.6') : (images.nginx ?? 'nginx:1.27'),
      PLATFORM_CONFIG: configFile,
      PLATFORM_CONFIG_TARGET: caddy ? '/etc/caddy/Caddyfile' : '/etc/nginx/conf.d/default.conf',
      TOXIPROXY_POPULATE: profile.http2 ? 'populate.platform-tls.json' : 'populate.platform.json',
      TRUST_PROXY: 'toxiproxy',
      HEARTBEAT_MS: String(scaledSettings.heartbeatMs),
      MAX_STREAM_MS: String(scaledSettings.maxStreamMs),
    },
  };
}

export function writePlatformConfig(stack: PlatformStack): void {
  mkdirSync(join(stack.configFile, '..'), { recursive: true });
  writeFileSync(stack.configFile, edgeConfig(stack.profile, stack.limits));
}
