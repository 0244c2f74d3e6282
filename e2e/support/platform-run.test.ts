import { describe, expect, it } from 'vitest';
import { DASHBOARD_DEFAULTS, PLATFORMS, platformNamed } from '../platforms';
import { scaleLimits, scaleSettings } from '../platforms/time-scale';
import { suiteTimeScale } from './platform-run';

describe("the suite's time scale per profile", () => {
  it('should bring the shortest limit near 4 s where the heartbeats allow it', () => {
    expect(suiteTimeScale(platformNamed('gcp-lb'))).toBe(0.133);
    expect(scaleLimits(platformNamed('gcp-lb').limits, 0.133).totalMs).toBe(3_990);
    expect(suiteTimeScale(platformNamed('cloudflare'))).toBe(0.04);
  });

  it("should keep every scaled heartbeat at or above the suite's own (1 s), however long the profile's limits", () => {
    // Cloud Run's 300 s, Azure's 230 s, Render's 15 min: near 4 s, a 30 s heartbeat would be scaled under 1 s.
    for (const name of ['cloud-run', 'azure', 'render']) expect(suiteTimeScale(platformNamed(name)), name).toBe(0.034);
    for (const profile of PLATFORMS) {
      const scale = suiteTimeScale(profile);
      for (const settings of [DASHBOARD_DEFAULTS, profile.recommended])
        expect(scaleSettings(settings, scale).heartbeatMs, profile.name).toBeGreaterThanOrEqual(1_000);
      const shortest = Math.min(...Object.values(scaleLimits(profile.limits, scale)).filter((ms) => ms !== undefined));
      expect(shortest, profile.name).toBeGreaterThanOrEqual(3_900);
    }
  });
});
