import type { Tab } from './engines';
import { chaos } from './chaos';
import { expect, test, type FaultControl } from './fixtures';
import { LAB } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { openDashboard, snapshot } from './support/lab-page';

/** Cuts the connection once; returns the native client's gap from losing it to the next open, and the retry it was sent. */
async function measureReconnectGap(page: Tab, fault: FaultControl): Promise<{ gapMs: number; sentRetryMs: number }> {
  const { counters, retryMs: sentRetryMs } = await snapshot(page);
  if (sentRetryMs === null) throw new Error('the native client has no retry: from a hello yet');
  const errorsBefore = counters.errors;
  const reset = await fault.apply(chaos.reset, 'edge-direct');
  await expect
    .poll(async () => (await snapshot(page)).counters.errors, { intervals: [20] })
    .toBeGreaterThan(errorsBefore);
  await fault.remove(reset);
  await expect.poll(async () => (await snapshot(page)).state, { timeout: 10_000 }).toBe('open');
  const transitions = (await snapshot(page)).transitions;
  const lost = transitions.findLast((t) => t.to === 'connecting')!;
  const reopened = transitions.findLast((t) => t.to === 'open')!;
  return { gapMs: reopened.at - lost.at, sentRetryMs };
}

test.describe('F5 native reconnection delay follows retry:', () => {
  test(
    'F5 @f5 @direct: after a reset the native EventSource reconnects after the retry the server sent (two values)',
    { annotation: [expects('F5', 'prod', 'reproduced')] },
    async ({ tab: page, stack, app, fault, timeline }, testInfo) => {
      const measured: Record<string, number> = {};
      for (const retryMs of [LAB.RETRY_MS, 4 * LAB.RETRY_MS]) {
        await test.step(`retry: ${retryMs}`, async () => {
          // The stack's own retry first (the fixture put the app on it), then one the test sets.
          await app.runWith(retryMs === LAB.RETRY_MS ? {} : { RETRY_MS: String(retryMs) });
          await openDashboard(page, stack.urls.direct, 'native');
          timeline.track(page, 'native');
          const { gapMs, sentRetryMs } = await measureReconnectGap(page, fault);
          // The server spreads retry: by RETRY_JITTER_PCT; the hello says what this connection got.
          expect(sentRetryMs).toBeGreaterThanOrEqual(retryMs * (1 - LAB.RETRY_JITTER_PCT / 100));
          expect(sentRetryMs).toBeLessThanOrEqual(retryMs * (1 + LAB.RETRY_JITTER_PCT / 100));
          // Never before retry; after it, one connection set-up through two proxies.
          expect(gapMs).toBeGreaterThanOrEqual(sentRetryMs * 0.9);
          expect(gapMs).toBeLessThanOrEqual(sentRetryMs + 1500);
          measured[`gapMs@retry${retryMs}`] = gapMs;
          measured[`sentRetryMs@retry${retryMs}`] = sentRetryMs;
        });
      }
      recordFinding(testInfo, { id: 'F5', topology: 'prod', outcome: 'reproduced', measured });
    },
  );
});
