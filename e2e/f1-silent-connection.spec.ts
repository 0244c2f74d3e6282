import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { CLIENT, LAB } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { holdsFor } from './support/holds-for';
import { openDashboard, sequenceOf, snapshot, type StreamSnapshot } from './support/lab-page';

const WATCHDOG_MS = CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS;
/** The client's default ceiling of tolerated silence: 3 × its floor. */
const MAX_SILENCE_MS = 3 * WATCHDOG_MS;
/** The client's attempt waits, each twice the one before, from its first. */
const attemptWaitsUntil = (pathMs: number, firstWaitMs: number): number[] => {
  const waits = [firstWaitMs];
  while (waits.at(-1)! <= pathMs) waits.push(2 * waits.at(-1)!);
  return waits;
};

/**
 * The lab client's first attempt waits for its watchdog, or twice the slowest connection to a
 * hello it has seen, whichever is longer: read from its transitions (connecting, then open). On a
 * loaded machine a page's first connection can take seconds, and the first attempt then outwaits
 * a latency chosen from the watchdog alone.
 */
function firstAttemptWaitMs({ transitions }: StreamSnapshot): number {
  let slowestMs = 0;
  let connectingAt: number | undefined;
  for (const { to, at } of transitions) {
    if (to === 'connecting') connectingAt = at;
    else if (to === 'open' && connectingAt !== undefined) slowestMs = Math.max(slowestMs, at - connectingAt);
  }
  return Math.max(WATCHDOG_MS, 2 * slowestMs);
}

test.describe('F1 silent connection', () => {
  test(
    'F1 @f1 @direct: a native EventSource stays OPEN and receives nothing while the network is silent',
    { annotation: [expects('F1', 'prod+nginx', 'reproduced')] },
    async ({ tab: page, stack, fault, timeline }, testInfo) => {
      await openDashboard(page, stack.urls.edge, 'native');
      timeline.track(page, 'native');
      await fault.apply(chaos.silence, 'edge');
      const silentAt = Date.now();
      const before = (await snapshot(page)).counters.events;
      const window = WATCHDOG_MS + 2 * LAB.HEARTBEAT_MS;
      await holdsFor(
        () => snapshot(page),
        (s) => s.readyState === 1 && s.state === 'open' && s.counters.events <= before + 1,
        window,
        'native EventSource stays OPEN with no event',
      );
      recordFinding(testInfo, {
        id: 'F1',
        topology: 'prod+nginx',
        outcome: 'reproduced',
        measured: { silentOpenForMs: Date.now() - silentAt },
      });
    },
  );

  test(
    'F1 @f1 @direct: the lab client detects the silence, recreates the stream and resumes without losing an event',
    { annotation: [expects('F1', 'prod+nginx', 'mitigated')] },
    async ({ tab: page, stack, fault, timeline }, testInfo) => {
      await openDashboard(page, stack.urls.edge, 'lab');
      timeline.track(page, 'lab');
      const silence = await test.step('silence the edge', () => fault.apply(chaos.silence, 'edge'));
      const silentAt = Date.now();

      await expect
        .poll(async () => (await snapshot(page)).transitions.some((t) => t.to === 'stale'), {
          message: 'client goes stale within the watchdog bound',
          timeout: WATCHDOG_MS + LAB.HEARTBEAT_MS + 2000,
        })
        .toBe(true);
      const stale = (await snapshot(page)).transitions.find((t) => t.to === 'stale')!;
      const detectionMs = stale.at - silentAt;
      // The last heartbeat came at most one interval before the silence: the watchdog cannot fire
      // earlier than that, and a stale transition from before the fault would be another cause.
      expect(detectionMs).toBeGreaterThanOrEqual(WATCHDOG_MS - LAB.HEARTBEAT_MS);
      expect(detectionMs).toBeLessThanOrEqual(WATCHDOG_MS + LAB.HEARTBEAT_MS);

      await test.step('clear the fault', () => fault.remove(silence));
      const clearedAt = Date.now();
      const eventsAtClear = (await snapshot(page)).counters.events;
      await expect
        .poll(
          async () => {
            const s = await snapshot(page);
            return s.state === 'open' && s.counters.events >= eventsAtClear + 3;
          },
          { message: 'client open again with new events', timeout: WATCHDOG_MS + CLIENT.maxBackoffMs + 5000 },
        )
        .toBe(true);
      const recoveryMs = Date.now() - clearedAt;

      const after = await snapshot(page);
      const sequence = sequenceOf(after.receivedIds);
      expect(sequence.contiguous, `ids contiguous: ${sequence.seqs.join(',')}`).toBe(true);
      expect(sequence.duplicates).toBe(0);
      expect(after.counters).toMatchObject({ gaps: 0, gapResumes: 0, duplicates: 0, resets: 0 });
      expect(after.counters.staleEpisodes).toBeGreaterThanOrEqual(1);
      recordFinding(testInfo, {
        id: 'F1',
        topology: 'prod+nginx',
        outcome: 'mitigated',
        measured: { detectionMs, recoveryMs, watchdogMs: WATCHDOG_MS },
      });
    },
  );

  test(
    'F1 @f1: when the path becomes slower than the watchdog, the lab client reconnects and streams over it, as a native EventSource keeps streaming, and still finds a silence within its ceiling',
    { annotation: [expects('F1', 'prod+nginx', 'mitigated')] },
    async ({ profile, stack, fault, timeline }, testInfo) => {
      test.setTimeout(180_000);
      const [native, lab] = [await profile.newTab(), await profile.newTab()];
      // Both learn the heartbeat from a hello on a fast path: the lab client's watchdog is 2.5 s.
      await openDashboard(native, stack.urls.edge, 'native');
      await openDashboard(lab, stack.urls.edge, 'lab');
      timeline.track(native, 'native');
      timeline.track(lab, 'lab');
      // Twice the first attempt's wait, so that the path outlives that attempt whatever the page's
      // first connection took; and past the watchdog's ceiling, so that the held data trips it
      // however far the path's jitter has widened it.
      const firstWaitMs = firstAttemptWaitMs(await snapshot(lab));
      const latencyMs = Math.max(2 * firstWaitMs, MAX_SILENCE_MS + LAB.HEARTBEAT_MS);

      const latency = await test.step(`${latencyMs} ms of latency on the edge`, () =>
        fault.apply(chaos.latency, 'edge', { latencyMs }));
      const slowAt = Date.now();
      const [nativeBefore, labBefore] = [await snapshot(native), await snapshot(lab)];
      // Held data trips the lab client's watchdog; every attempt after that waits twice the one
      // before: the first whose wait exceeds the latency connects.
      const waits = attemptWaitsUntil(latencyMs, firstWaitMs);
      const openWithin =
        latencyMs + WATCHDOG_MS + waits.reduce((sum, wait) => sum + wait + CLIENT.maxBackoffMs, 0) + latencyMs;
      await expect
        .poll(
          async () => {
            const s = await snapshot(lab);
            return (
              s.counters.staleEpisodes > labBefore.counters.staleEpisodes &&
              s.state === 'open' &&
              (s.receivedAt.at(-1) ?? 0) > slowAt + latencyMs
            );
          },
          {
            message: `lab client open again and streaming over the slow path within ${openWithin} ms`,
            timeout: openWithin,
          },
        )
        .toBe(true);
      const labOpenMs = Date.now() - slowAt;
      const opened = await snapshot(lab);
      const givenUp = opened.transitions.filter(
        (t) => t.at > slowAt && t.to === 'stale' && t.reason.startsWith('no answer within'),
      ).length;
      expect(givenUp, 'attempts the path outlived before one waited long enough').toBeGreaterThanOrEqual(1);
      expect(givenUp).toBeLessThanOrEqual(waits.length);
      const sequence = sequenceOf(opened.receivedIds);
      expect(sequence.contiguous, `ids contiguous: ${sequence.seqs.join(',')}`).toBe(true);
      expect(opened.counters).toMatchObject({ gaps: 0, gapResumes: 0, duplicates: 0, resets: 0 });

      const nativeNow = await snapshot(native);
      expect(nativeNow.readyState, 'the native EventSource stays OPEN over the slow path').toBe(1);
      expect(nativeNow.counters.events).toBeGreaterThan(nativeBefore.counters.events);
      expect(nativeNow.receivedAt.at(-1)).toBeGreaterThan(slowAt + latencyMs);

      await test.step('silence the edge as well', () => fault.apply(chaos.silence, 'edge'));
      const silentAt = Date.now();
      const staleBefore = opened.counters.staleEpisodes;
      const silenceBoundMs = latencyMs + MAX_SILENCE_MS + LAB.HEARTBEAT_MS;
      await expect
        .poll(async () => (await snapshot(lab)).counters.staleEpisodes > staleBefore, {
          message: `silence found within ${silenceBoundMs} ms`,
          timeout: silenceBoundMs + 2000,
        })
        .toBe(true);
      const stale = (await snapshot(lab)).transitions.filter((t) => t.to === 'stale').at(-1)!;
      const silenceDetectedMs = stale.at - silentAt;
      expect(silenceDetectedMs).toBeLessThanOrEqual(silenceBoundMs);
      recordFinding(testInfo, {
        id: 'F1',
        topology: 'prod+nginx',
        outcome: 'mitigated',
        measured: {
          case: 'path slower than the watchdog',
          latencyMs,
          watchdogMs: WATCHDOG_MS,
          firstAttemptWaitMs: firstWaitMs,
          labOpenMs,
          attemptsGivenUp: givenUp,
          silenceDetectedMs,
          silenceBoundMs,
        },
      });

      // Removing a latency toxic while it still holds data of connections that are gone (the
      // attempts the client gave up) can leave Toxiproxy's API silent for good (Shopify/toxiproxy#558).
      // Close the tabs, let the toxic deliver what it holds (one latency, and a second of margin:
      // measured enough with \`make toxiproxy-wedge\`'s recipe), then remove it.
      await test.step('close the tabs, let the latency drain, remove it', async () => {
        await timeline.capture();
        await profile.close();
        await new Promise((resolve) => setTimeout(resolve, latencyMs + 1000));
        await fault.remove(latency);
      });
    },
  );
});
