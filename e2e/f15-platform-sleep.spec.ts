// The browser alone: each profile brings a stack of its own, so these rows can run without the suite's (E2E_STACKS=platform).
import { expect, test } from './engine-fixtures';
import { DASHBOARD_DEFAULTS, PLATFORMS, type PlatformProfile, type RecommendedSettings } from './platforms';
import { scaleLimits, scaleSettings } from './platforms/time-scale';
import { expects, recordFinding, type Topology } from './support/findings';
import { holdsFor } from './support/holds-for';
import { snapshot } from './support/lab-page';
import { asMeasured, clientFigures, expectEveryEventOnce, runSettings, withClients } from './support/platform-clients';
import {
  closedStreams,
  edgeEvents,
  startPlatform,
  stopPlatform,
  suiteTimeScale,
  timeToHello,
  type PlatformRun,
} from './support/platform-run';

/** How late the edge's idle check, a stop and a start may come on a loaded machine. */
const SLEEP_SLACK_MS = 10_000;
/** A Node app's start here is seconds; a platform's cold start is bounded by its boot deadline. */
const BOOT_DEADLINE_MS = 60_000;

/** Render does not say whether an open stream is inbound traffic: each answer is a topology of its own. */
const topologyOf = (profile: PlatformProfile, streamIsTraffic: 'yes' | 'no'): Topology =>
  streamIsTraffic === 'yes' ? `platform: ${profile.name} (open stream is traffic)` : `platform: ${profile.name}`;

const appSettings = ({ heartbeatMs, maxStreamMs }: RecommendedSettings) => ({
  HEARTBEAT_MS: String(heartbeatMs),
  MAX_STREAM_MS: String(maxStreamMs),
});

/** The edge went to sleep since `since`, or no (none of its `sleep` lines). */
const sleepsSince = async (platform: PlatformRun, since: number) =>
  (await edgeEvents(platform, since)).filter(({ event }) => event === 'sleep');

// The profiles that put an idle app to sleep; the ones with timers on a response: f15-platforms.spec.ts.
for (const profile of PLATFORMS.filter(({ limits }) => limits.sleepAfterMs !== undefined)) {
  test.describe(`F15 behind ${profile.name}, asleep when idle`, () => {
    const scale = suiteTimeScale(profile);
    const sleepAfterMs = scaleLimits(profile.limits, scale).sleepAfterMs!;
    test.afterAll(stopPlatform);
    // Two of the platform's idle times, a boot, and the pages: past the suite's default for one test.
    test.describe.configure({ timeout: 2 * (sleepAfterMs + SLEEP_SLACK_MS) + BOOT_DEADLINE_MS + 30_000 });

    test(
      `F15 @f15 @platform: ${profile.name}: ${profile.summary}; where an open stream is not traffic, the dashboard's own settings let it sleep under an open dashboard: its streams are cut, the reconnection waits for a cold start, and the event history is lost`,
      { annotation: [expects('F15', topologyOf(profile, 'no'), 'reproduced')] },
      async ({ engine }, testInfo) => {
        const settings = appSettings(scaleSettings(DASHBOARD_DEFAULTS, scale));
        const platform = await startPlatform(profile, scale, settings, 'no');
        await withClients(engine, platform, async (tabs, since) => {
          const woke = async () => (await edgeEvents(platform, since)).find(({ event }) => event === 'awake');
          await expect
            .poll(woke, {
              message: `${profile.name} sleeps after ${sleepAfterMs} ms with the streams open, and a reconnection wakes it`,
              timeout: sleepAfterMs + SLEEP_SLACK_MS + BOOT_DEADLINE_MS,
              intervals: [1_000],
            })
            .toBeDefined();
          const [sleep] = await sleepsSince(platform, since);
          expect(sleep!.openConnections, 'both tabs were streaming when it went to sleep').toBeGreaterThanOrEqual(2);
          expect(sleep!.idleMs).toBeGreaterThanOrEqual(sleepAfterMs);
          const cut = (await closedStreams(platform, since)).filter(({ at }) => at >= sleep!.timestamp);
          expect(cut.length, "the app's streams ended as it stopped").toBeGreaterThanOrEqual(2);
          // The new process has none of the old one's events: the lab client is told to start over.
          await expect
            .poll(async () => (await snapshot(tabs.lab)).counters.resets, { timeout: 20_000 })
            .toBeGreaterThan(0);
          const awake = (await woke())!;
          recordFinding(testInfo, {
            id: 'F15',
            topology: topologyOf(profile, 'no'),
            outcome: 'reproduced',
            measured: {
              timeScale: scale,
              sleepAfterMs,
              asleepAfterMs: sleep!.idleMs!,
              openStreamsAtSleep: sleep!.openConnections!,
              coldStartMs: awake.bootMs!,
              ...asMeasured('lab', await clientFigures(tabs.lab, since)),
              ...asMeasured('native', await clientFigures(tabs.native, since)),
            },
          });
        });
      },
    );

    test(
      `F15 @f15 @platform: ${profile.name}: with the recommended settings each stream's rotation is a request that keeps it awake, and nothing is lost`,
      { annotation: [expects('F15', topologyOf(profile, 'no'), 'mitigated')] },
      async ({ engine }, testInfo) => {
        const settings = appSettings(scaleSettings(profile.recommended, scale));
        const platform = await startPlatform(profile, scale, settings, 'no');
        await withClients(engine, platform, async (tabs, since) => {
          await holdsFor(
            async () => (await sleepsSince(platform, since)).length,
            (sleeps) => sleeps === 0,
            sleepAfterMs + SLEEP_SLACK_MS,
            `${profile.name} stays awake under an open dashboard`,
          );
          const rotations = (await closedStreams(platform, since)).filter(({ reason }) => reason === 'max-duration');
          expect(
            rotations.length,
            "the streams were rotated (each a new request) before the platform's idle time",
          ).toBeGreaterThanOrEqual(2);
          const lab = await clientFigures(tabs.lab, since);
          const native = await clientFigures(tabs.native, since);
          expectEveryEventOnce({ lab, native });
          recordFinding(testInfo, {
            id: 'F15',
            topology: topologyOf(profile, 'no'),
            outcome: 'mitigated',
            measured: {
              timeScale: scale,
              sleepAfterMs,
              settings: Object.entries(settings)
                .map(([name, value]) => `${name}=${value}`)
                .join(' '),
              rotations: rotations.length,
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

    test(
      `F15 @f15 @platform: ${profile.name}: where an open stream is traffic, an open dashboard keeps it awake with the dashboard's own settings; once every tab is closed it sleeps, and the next visit waits for a cold start`,
      { annotation: [expects('F15', topologyOf(profile, 'yes'), 'mitigated')] },
      async ({ engine }, testInfo) => {
        const settings = appSettings(scaleSettings(DASHBOARD_DEFAULTS, scale));
        const platform = await startPlatform(profile, scale, settings, 'yes');
        const figures = await withClients(engine, platform, async (tabs, since) => {
          await holdsFor(
            async () => (await sleepsSince(platform, since)).length,
            (sleeps) => sleeps === 0,
            sleepAfterMs + SLEEP_SLACK_MS,
            `${profile.name} stays awake while the dashboard's streams are open`,
          );
          return { lab: await clientFigures(tabs.lab, since), native: await clientFigures(tabs.native, since) };
        });
        expectEveryEventOnce(figures);
        // The tabs are closed: nothing is open, so it sleeps, and a first visit pays the boot.
        const closedAt = Date.now();
        await expect
          .poll(async () => (await sleepsSince(platform, closedAt)).length, {
            message: `${profile.name} sleeps ${sleepAfterMs} ms after the last stream ended`,
            timeout: sleepAfterMs + SLEEP_SLACK_MS + BOOT_DEADLINE_MS,
            intervals: [1_000],
          })
          .toBeGreaterThan(0);
        const visitAt = Date.now();
        const helloMs = await timeToHello(platform, BOOT_DEADLINE_MS);
        const awake = (await edgeEvents(platform, visitAt)).find(({ event }) => event === 'awake');
        expect(awake, 'the visit woke the app').toBeDefined();
        expect(helloMs, "the first visit's hello waited for the app to boot").toBeGreaterThanOrEqual(awake!.bootMs!);
        recordFinding(testInfo, {
          id: 'F15',
          topology: topologyOf(profile, 'yes'),
          outcome: 'mitigated',
          measured: {
            timeScale: scale,
            sleepAfterMs,
            coldStartMs: awake!.bootMs!,
            firstHelloAfterSleepMs: helloMs,
            recommendedHeartbeatMs: DASHBOARD_DEFAULTS.heartbeatMs,
            recommendedMaxStreamMs: DASHBOARD_DEFAULTS.maxStreamMs,
            ...runSettings(),
            ...asMeasured('lab', figures.lab),
            ...asMeasured('native', figures.native),
          },
        });
      },
    );
  });
}
