import { DASHBOARD_DEFAULTS, type RecommendedSettings } from './platform';
import { describePlatformEdge, type PlatformEdge, type ProxyImages } from './platform-edge';
import { scaleSettings } from './time-scale';

export { writePlatformConfig, type ProxyImages } from './platform-edge';

/** The app's settings behind the platform: the dashboard's own (what the platform does to them), or the lab's advice. */
export type SettingsChoice = 'dashboard' | 'recommended';
const SETTINGS_CHOICES: readonly SettingsChoice[] = ['dashboard', 'recommended'];

export function parseSettingsChoice(raw: string | undefined): SettingsChoice {
  if (raw === undefined || raw === '') return 'dashboard';
  if (!SETTINGS_CHOICES.includes(raw as SettingsChoice))
    throw new Error(`PLATFORM_SETTINGS="${raw}": expected ${SETTINGS_CHOICES.join(' or ')}`);
  return raw as SettingsChoice;
}

/** The lab's demo behind a platform's edge. */
export interface PlatformStack extends PlatformEdge {
  settingsChoice: SettingsChoice;
  /** The app's settings at this scale. */
  settings: RecommendedSettings;
  /** The compose files, from the repository's root. */
  composeFiles: string[];
  /** What compose needs beside the images: the proxy, its configuration, the proxies' wiring, the app's settings. */
  env: PlatformEdge['env'] & Record<string, string>;
}

/**
 * Everything `make up PLATFORM=…` needs, from PLATFORM, PLATFORM_TIME_SCALE, PLATFORM_SETTINGS and
 * PLATFORM_STREAM_IS_TRAFFIC; each bad one is named.
 */
export function describePlatformStack(
  variables: { platform: string; timeScale?: string; settings?: string; streamIsTraffic?: string },
  stateDir: string,
  images: ProxyImages = {},
): PlatformStack {
  const edge = describePlatformEdge(variables, stateDir, images);
  const settingsChoice = parseSettingsChoice(variables.settings);
  const settings = scaleSettings(
    settingsChoice === 'recommended' ? edge.profile.recommended : DASHBOARD_DEFAULTS,
    edge.scale,
  );
  return {
    ...edge,
    settingsChoice,
    settings,
    composeFiles: ['compose.prod.yaml', ...edge.overlayFiles],
    env: {
      ...edge.env,
      TOXIPROXY_POPULATE: edge.profile.http2 ? 'populate.platform-tls.json' : 'populate.platform.json',
      TRUST_PROXY: 'toxiproxy',
      HEARTBEAT_MS: String(settings.heartbeatMs),
      MAX_STREAM_MS: String(settings.maxStreamMs),
    },
  };
}
