import { DASHBOARD_DEFAULTS, type PlatformLimits, type PlatformProfile, type RecommendedSettings } from './platform';

/** What a scaled setting may not fall under: the app's floors for HEARTBEAT_MS and a MAX_STREAM_MS other than 0. */
export interface SettingFloors {
  heartbeatMs: number;
  maxStreamMs: number;
}

export const APP_FLOORS: SettingFloors = { heartbeatMs: 100, maxStreamMs: 1_000 };

/**
 * The lowest scale at which a profile's settings, the dashboard's own and the lab's advice, stay at
 * or above `floors` (gcp-lb: 1 s / its 24 s rotation, 0.042; render: 100 ms / 30 s heartbeats, 0.004).
 */
export function lowestTimeScale(profile: PlatformProfile, floors: SettingFloors = APP_FLOORS): number {
  const settings = [DASHBOARD_DEFAULTS, profile.recommended];
  const lowest = Math.max(
    ...settings.map(({ heartbeatMs }) => floors.heartbeatMs / heartbeatMs),
    ...settings.filter(({ maxStreamMs }) => maxStreamMs > 0).map(({ maxStreamMs }) => floors.maxStreamMs / maxStreamMs),
  );
  return Math.ceil(lowest * 1000) / 1000;
}

/**
 * PLATFORM_TIME_SCALE: one factor for the platform's limits and the app's timings together, so a
 * run takes minutes while every ratio (heartbeat / idle timeout, stream duration / cap) holds.
 * Unset means 1: the platform's own figures.
 */
export function parseTimeScale(raw: string | undefined, profile: PlatformProfile): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  const lowest = lowestTimeScale(profile);
  if (!Number.isFinite(scale) || scale < lowest || scale > 1)
    throw new Error(
      `PLATFORM_TIME_SCALE="${raw}": expected a number from ${lowest} to 1 for ${profile.name} (e.g. 0.1); ` +
        `lower, its settings fall under the app's floors (heartbeats of ${APP_FLOORS.heartbeatMs} ms, streams of ${APP_FLOORS.maxStreamMs} ms)`,
    );
  return scale;
}

const scaled = (ms: number | undefined, scale: number) => (ms === undefined ? undefined : Math.round(ms * scale));

export function scaleLimits(limits: PlatformLimits, scale: number): PlatformLimits {
  return {
    idleMs: scaled(limits.idleMs, scale),
    firstByteMs: scaled(limits.firstByteMs, scale),
    totalMs: scaled(limits.totalMs, scale),
    sleepAfterMs: scaled(limits.sleepAfterMs, scale),
  };
}

export function scaleSettings(settings: RecommendedSettings, scale: number): RecommendedSettings {
  return { heartbeatMs: scaled(settings.heartbeatMs, scale)!, maxStreamMs: scaled(settings.maxStreamMs, scale)! };
}
