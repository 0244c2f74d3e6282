import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { CLIENT, LAB } from './lab-settings';
import { withPages } from './support/contexts';
import { expects, recordFinding } from './support/findings';
import { holdsFor } from './support/holds-for';
import { openDashboard, sequenceOf, snapshot } from './support/lab-page';
import { readAccessLog, type AccessLine } from './support/nginx-log';

/** The native page's stream, tagged so that nginx's access log tells its requests from the lab page's. */
const NATIVE_STREAM = '/api/stream?page=native';
/** The native page reconnects within one `retry:` (at most RETRY_MS plus its jitter) of losing its stream; a few of those, and slack for a loaded machine. */
const NATIVE_RECONNECT_BOUND_MS = 4 * LAB.RETRY_MS * (1 + LAB.RETRY_JITTER_PCT / 100) + 10_000;

/**
 * A deploy behind nginx: the backend's port refuses connections while it restarts, so nginx
 * answers every reconnect 502. The outage is the upstream proxy disabled (refused at once, as a
 * stopped process's port on a live host is), and it lasts until nginx has answered the native
 * page's reconnect with a 5xx: the condition the claim is about is forced, not hoped for. (A
 * stopped container's address on a Docker network drops packets instead: a reconnect sent then
 * is held until the app is back, and answered 200; a WebKit run under load showed exactly that.)
 */
test.describe('F10 a proxy 5xx during a restart closes a native EventSource for good', () => {
  test(
    'F10 @f10 @direct: behind nginx, a backend restart ends the native client CLOSED; the lab client rebuilds and resumes',
    { annotation: [expects('F10', 'prod+nginx', 'reproduced'), expects('F10', 'prod+nginx', 'mitigated')] },
    async ({ engine, stack, fault, timeline }, testInfo) => {
      test.setTimeout(90_000 + NATIVE_RECONNECT_BOUND_MS);
      await withPages(engine, 2, async ([nativePage, labPage]) => {
        await openDashboard(nativePage, stack.urls.edge, 'native', 2, { stream: NATIVE_STREAM });
        await openDashboard(labPage, stack.urls.edge, 'lab');
        timeline.track(nativePage, 'native');
        timeline.track(labPage, 'lab');
        const bootBefore = (await snapshot(labPage)).bootId;

        const outageFrom = Date.now();
        const refused = await fault.apply(chaos.down, 'upstream');
        let answered: AccessLine | undefined;
        await test.step('hold the outage until nginx answers the native page a 5xx', async () => {
          await expect
            .poll(
              async () => {
                const lines = await readAccessLog(stack.composeArgs, 'nginx', outageFrom);
                answered = lines.find((line) => line.target === NATIVE_STREAM && line.status >= 500);
                return answered?.status;
              },
              {
                message: `nginx answered the native page's reconnect (${NATIVE_STREAM}) with a 5xx within ${NATIVE_RECONNECT_BOUND_MS} ms`,
                timeout: NATIVE_RECONNECT_BOUND_MS,
                intervals: [250],
              },
            )
            .toBeGreaterThanOrEqual(500);
        });
        await test.step('restart the backend behind the refusing upstream, then let it answer again', async () => {
          await fault.backend(chaos.restartBackend, { downSeconds: 1 });
          await fault.remove(refused);
        });
        const outageMs = Date.now() - outageFrom;

        await expect
          .poll(async () => (await snapshot(nativePage)).readyState, {
            message: `native EventSource CLOSED after nginx answered its reconnect ${answered?.status}`,
            timeout: 5000,
          })
          .toBe(2);
        const eventsWhenClosed = (await snapshot(nativePage)).counters.events;
        // The backend is back: a browser that retried would have events again within a few retries.
        await holdsFor(
          () => snapshot(nativePage),
          (s) => s.readyState === 2 && s.counters.events === eventsWhenClosed,
          5 * LAB.RETRY_MS + 2 * LAB.TICK_MS,
          'native stays CLOSED',
        );
        recordFinding(testInfo, {
          id: 'F10',
          topology: 'prod+nginx',
          outcome: 'reproduced',
          measured: {
            nativeReadyState: 2,
            nativeReconnectAnswered: answered!.status,
            answeredAfterMs: answered!.endedAt - outageFrom,
            outageMs,
          },
        });

        await expect
          .poll(
            async () => {
              const s = await snapshot(labPage);
              return (
                s.state === 'open' &&
                s.bootId !== bootBefore &&
                s.receivedIds.filter((id) => id.startsWith(`${s.bootId}-`)).length > 3
              );
            },
            { message: 'lab client rebuilt on the new boot', timeout: CLIENT.maxBackoffMs + 10_000 },
          )
          .toBe(true);
        const lab = await snapshot(labPage);
        expect(sequenceOf(lab.receivedIds.filter((id) => id.startsWith(`${lab.bootId}-`))).contiguous).toBe(true);
        expect(lab.counters).toMatchObject({ gaps: 0, gapResumes: 0, duplicates: 0 });
        expect(lab.counters.resets).toBeGreaterThanOrEqual(1);
        // How it got there is the engine's timing: a new EventSource after the browser closed one on
        // the 502, or after its own watchdog dropped one; both are recorded, the recovery is the claim.
        const rebuilt = lab.transitions.filter((t) => t.reason.startsWith('closed by the browser')).length;
        await timeline.capture();
        recordFinding(testInfo, {
          id: 'F10',
          topology: 'prod+nginx',
          outcome: 'mitigated',
          measured: {
            sourcesRebuilt: lab.counters.reconnects,
            rebuiltAfterClosed: rebuilt,
            recoveredWithinMs: Date.now() - outageFrom,
          },
        });
      });
    },
  );
});
