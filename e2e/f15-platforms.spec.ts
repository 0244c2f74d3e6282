// The browser alone: each profile brings a stack of its own, so these rows can run without the suite's (E2E_STACKS=platform).
import { expect, test } from './engine-fixtures';
import { PLATFORMS, DASHBOARD_DEFAULTS } from './platforms';
import type { PlatformLimits, PlatformProfile } from './platforms';
import { scaleLimits, scaleSettings } from './platforms/time-scale';
import { CLOSE_REASONS, METRIC } from '@sse-lab/contract';
import { readSample } from '@sse-lab/contract/metrics-text';
import { expects, recordFinding, type Topology } from './support/findings';
import { holdsFor } from './support/holds-for';
import { Metrics } from './support/metrics';
import { closedStreams, startPlatform, stopPlatform, suiteTimeScale, timeToHello } from './support/platform-run';
import { asMeasured, clientFigures, expectEveryEventOnce, runSettings, withClients } from './support/platform-clients';

/** How late a platform's cut may come past its limit on a loaded machine: a proxy's timer and the app's log line. */
const CUT_SLACK_MS = 3_000;

const topologyOf = (profile: PlatformProfile): Topology => `platform: ${profile.name}`;
/** The timer the rows are about: the cap on a whole response where there is one, else the idle timeout. */
const limitOf = ({ totalMs, idleMs }: PlatformLimits) => (totalMs ?? idleMs)!;
const capped = (limits: PlatformLimits) => limits.totalMs !== undefined;

/**
 * The app's variables of each row. A cap cuts the dashboard's own stream, feed and heartbeat as they
 * are. An idle timer only bites a quiet stream: events further apart than the timeout, and (to
 * reproduce) a heartbeat slower than it, or (the advice) the recommended one.
 */
function appSettings(
  profile: PlatformProfile,
  scale: number,
  limits: PlatformLimits,
  row: 'reproduced' | 'mitigated',
): Record<string, string> {
  const settings = scaleSettings(row === 'reproduced' ? DASHBOARD_DEFAULTS : profile.recommended, scale);
  if (capped(limits))
    return { HEARTBEAT_MS: String(settings.heartbeatMs), MAX_STREAM_MS: String(settings.maxStreamMs) };
  const idleMs = limits.idleMs!;
  return {
    TICK_MS: String(2 * idleMs),
    HEARTBEAT_MS: String(row === 'reproduced' ? Math.round(1.5 * idleMs) : settings.heartbeatMs),
    MAX_STREAM_MS: '0',
  };
}

/** Streams ended for any reason but the app's own rotation (max-duration): what a platform's cut looks like to the app. */
async function streamsEndedButByRotation(metrics: Metrics): Promise<number> {
  const text = await metrics.text();
  return CLOSE_REASONS.filter((reason) => reason !== 'max-duration').reduce(
    (sum, reason) => sum + readSample(text, METRIC.streamsClosed, { reason }),
    0,
  );
}

// The profiles with timers on a response; a profile that sleeps has rows of its own (f15-platform-sleep.spec.ts).
for (const profile of PLATFORMS.filter(({ limits }) => limits.sleepAfterMs === undefined)) {
  test.describe(`F15 behind ${profile.name}`, () => {
    const scale = suiteTimeScale(profile);
    const limits = scaleLimits(profile.limits, scale);
    const limitMs = limitOf(limits);
    test.afterAll(stopPlatform);

    test(
      `F15 @f15 @platform: ${profile.name}: ${profile.summary}; the dashboard's stream is cut at the scaled limit`,
      { annotation: [expects('F15', topologyOf(profile), 'reproduced')] },
      async ({ engine }, testInfo) => {
        const settings = appSettings(profile, scale, limits, 'reproduced');
        const platform = await startPlatform(profile, scale, settings);
        // A cap ends a stream at its limit; an idle timer at its first silence longer than the timeout,
        // which comes after the hello or after the first heartbeat (one timer serves every stream).
        const latestCutMs = capped(limits) ? limitMs : Number(settings.HEARTBEAT_MS) + limitMs;
        await withClients(engine, platform, async (tabs, since) => {
          // Both tabs' streams ended by the platform, not by the app (which would say max-duration).
          const cutStreams = async () =>
            (await closedStreams(platform, since)).filter(({ reason }) => reason !== 'max-duration');
          await expect
            .poll(async () => (await cutStreams()).length, {
              message: `${profile.name} cuts both streams`,
              timeout: 2 * limitMs + 20_000,
              intervals: [1_000],
            })
            .toBeGreaterThanOrEqual(2);
          const cuts = await cutStreams();
          const every = cuts.map(({ durationMs, reason }) => `${durationMs} ms (${reason})`).join(', ');
          for (const cut of cuts) {
            expect(
              cut.durationMs,
              `a stream cut ${cut.durationMs} ms after it opened (limit ${limitMs} ms; every stream ended: ${every})`,
            ).toBeGreaterThanOrEqual(0.9 * limitMs);
            expect(cut.durationMs).toBeLessThanOrEqual(latestCutMs + CUT_SLACK_MS);
          }
          recordFinding(testInfo, {
            id: 'F15',
            topology: topologyOf(profile),
            outcome: 'reproduced',
            measured: {
              timeScale: scale,
              limitMs,
              cutAfterMs: cuts.map(({ durationMs }) => durationMs).join(', '),
              ...asMeasured('lab', await clientFigures(tabs.lab, since)),
              ...asMeasured('native', await clientFigures(tabs.native, since)),
            },
          });
        });
      },
    );

    test(
      `F15 @f15 @platform: ${profile.name}: with the recommended settings no stream is cut by the platform, and nothing is lost`,
      { annotation: [expects('F15', topologyOf(profile), 'mitigated')] },
      async ({ engine }, testInfo) => {
        const settings = appSettings(profile, scale, limits, 'mitigated');
        const platform = await startPlatform(profile, scale, settings);
        const metrics = new Metrics(platform.appUrl);
        await withClients(engine, platform, async (tabs, since) => {
          const watchedFrom = Date.now();
          const endedBefore = await streamsEndedButByRotation(metrics);
          // Two of the platform's periods: a stream the platform would cut, it has cut by then.
          await holdsFor(
            () => streamsEndedButByRotation(metrics),
            (count) => count === endedBefore,
            2 * limitMs + CUT_SLACK_MS,
            `no stream behind ${profile.name} ends but by the app's rotation`,
          );
          const ended = await closedStreams(platform, since);
          // The hello is the first byte of every stream, well within any first-byte deadline. Read last:
          // a proxy may hold the probe's stream to the app until its next write.
          const helloMs = await timeToHello(platform, limits.firstByteMs ?? limitMs);
          if (capped(limits)) {
            expect(ended.length, 'streams were rotated before the cap').toBeGreaterThanOrEqual(2);
            for (const { durationMs } of ended) expect(durationMs).toBeLessThan(limitMs);
          }
          const lab = await clientFigures(tabs.lab, watchedFrom);
          const native = await clientFigures(tabs.native, watchedFrom);
          expectEveryEventOnce({ lab, native });
          recordFinding(testInfo, {
            id: 'F15',
            topology: topologyOf(profile),
            outcome: 'mitigated',
            measured: {
              timeScale: scale,
              limitMs,
              settings: Object.entries(settings)
                .map(([name, value]) => `${name}=${value}`)
                .join(' '),
              rotations: ended.length,
              helloMs,
              recommendedHeartbeatMs: profile.recommended.heartbeatMs,
              recommendedMaxStreamMs: profile.recommended.maxStreamMs,
              ...runSettings(),
              ...asMeasured('lab', lab),
              ...asMeasured('native', native),
            },
          });
        });
      },
    );
  });
}
