import type { PlatformLimits, RecommendedSettings } from './platform';

/** Below this, a scaled MAX_STREAM_MS falls under the app's floor of 1 s (gcp-lb: 24 s × 0.05 = 1.2 s). */
export const MIN_TIME_SCALE = 0.05;

/**
 * PLATFORM_TIME_SCALE: one factor for the platform's limits and the app's timings together, so a
 * run takes minutes while every ratio (heartbeat / idle timeout, stream duration / cap) holds.
 * Unset means 1: the platform's own figures.
 */
export function parseTimeScale(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < MIN_TIME_SCALE || scale > 1)
    throw new Error(`PLATFORM_TIME_SCALE="${raw}": expected a number from ${MIN_TIME_SCALE} to 1 (e.g. 0.1)`);
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
