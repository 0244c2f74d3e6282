import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { CLIENT, LAB } from './lab-settings';
import { withPages } from './support/contexts';
import { expects, recordFinding } from './support/findings';
import { holdsFor } from './support/holds-for';
import { openDashboard, sequenceOf, snapshot } from './support/lab-page';

const OUTAGE_SECONDS = Math.ceil((4 * LAB.RETRY_MS) / 1000) + 3;

test.describe('F10 a proxy 5xx during a restart closes a native EventSource for good', () => {
  test('F10 @f10 @direct: behind nginx, a backend restart ends the native client CLOSED; the lab client rebuilds and resumes', { annotation: [expects('F10', 'prod+nginx', 'reproduced'), expects('F10', 'prod+nginx', 'mitigated')] }, async ({ engine, stack, fault, timeline }, testInfo) => {
    await withPages(engine, 2, async ([nativePage, labPage]) => {
      await openDashboard(nativePage, stack.urls.edge, 'native');
      await openDashboard(labPage, stack.urls.edge, 'lab');
      timeline.track(nativePage, 'native');
      timeline.track(labPage, 'lab');
      const bootBefore = (await snapshot(labPage)).bootId;

      // A deploy with a few seconds of downtime: nginx answers 502 to every reconnect in between.
      const restartedAt = Date.now();
      await test.step('restart the backend', () => fault.backend(chaos.restartBackend, { downSeconds: OUTAGE_SECONDS }));
      const restartMs = Date.now() - restartedAt;

      await expect.poll(async () => (await snapshot(nativePage)).readyState, { message: 'native EventSource CLOSED after the 502', timeout: 5000 }).toBe(2);
      const eventsWhenClosed = (await snapshot(nativePage)).counters.events;
      // The backend is back: a browser that retried would have events again within a few retries.
      await holdsFor(() => snapshot(nativePage), (s) => s.readyState === 2 && s.counters.events === eventsWhenClosed, 5 * LAB.RETRY_MS + 2 * LAB.TICK_MS, 'native stays CLOSED');
      recordFinding(testInfo, { id: 'F10', topology: 'prod+nginx', outcome: 'reproduced', measured: { nativeReadyState: 2, restartMs } });

      await expect
        .poll(async () => {
          const s = await snapshot(labPage);
          return s.state === 'open' && s.bootId !== bootBefore && s.receivedIds.filter((id) => id.startsWith(`${s.bootId}-`)).length > 3;
        }, { message: 'lab client rebuilt on the new boot', timeout: CLIENT.maxBackoffMs + 10_000 })
        .toBe(true);
      const lab = await snapshot(labPage);
      expect(sequenceOf(lab.receivedIds.filter((id) => id.startsWith(`${lab.bootId}-`))).contiguous).toBe(true);
      expect(lab.counters).toMatchObject({ gaps: 0, gapResumes: 0, duplicates: 0 });
      expect(lab.counters.resets).toBeGreaterThanOrEqual(1);
      // How it got there is the engine's timing: a new EventSource after the browser closed one on
      // the 502, or after its own watchdog dropped one; both are recorded, the recovery is the claim.
      const rebuilt = lab.transitions.filter((t) => t.reason.startsWith('closed by the browser')).length;
      await timeline.capture();
      recordFinding(testInfo, { id: 'F10', topology: 'prod+nginx', outcome: 'mitigated', measured: { sourcesRebuilt: lab.counters.reconnects, rebuiltAfterClosed: rebuilt, recoveredWithinMs: Date.now() - restartedAt } });
    });
  });
});
