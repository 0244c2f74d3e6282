import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';
import { IDLE_TIMEOUT_MS, LAB, REPO_ROOT } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { holdsFor } from './support/holds-for';
import { dashboardUrl, snapshot } from './support/lab-page';

const run = promisify(execFile);
/** How late a browser may run an event's listener after its bytes arrived, on a loaded machine. */
const DISPATCH_LAG_MS = 500;
/** Longer than the proxy's idle timeout: the quiet stream is cut between two heartbeats. */
const SLOW_HEARTBEAT_MS = 2 * IDLE_TIMEOUT_MS;

test.describe('F6 heartbeat as a named event', () => {
  // No data: the heartbeat is all the stream carries.
  test.describe(() => {
    test.use({ appSettings: { TICK_MS: '0' } });
    test(
      'F6 @f6: with no data, heartbeats arrive at the configured cadence and keep the client open through a proxy idle timeout',
      { annotation: [expects('F6', 'prod+nginx', 'mitigated')] },
      async ({ tab: page, stack, timeline }, testInfo) => {
        expect(LAB.HEARTBEAT_MS).toBeLessThan(IDLE_TIMEOUT_MS);
        expect(IDLE_TIMEOUT_MS).toBeLessThan(2 * LAB.HEARTBEAT_MS);
        await page.goto(dashboardUrl(stack.urls.idle, 'lab'));
        timeline.track(page, 'lab');
        await expect
          .poll(async () => (await snapshot(page)).counters.heartbeats, { timeout: 3 * LAB.HEARTBEAT_MS })
          .toBeGreaterThan(0);

        const start = await snapshot(page);
        const window = 3 * IDLE_TIMEOUT_MS + LAB.HEARTBEAT_MS;
        const end = await holdsFor(
          () => snapshot(page),
          (s) =>
            s.state === 'open' && s.counters.errors === 0 && s.counters.staleEpisodes === 0 && s.counters.events === 0,
          window,
          'client stays open on heartbeats alone',
        );
        const beats = end.counters.heartbeats - start.counters.heartbeats;
        const expected = window / LAB.HEARTBEAT_MS;
        expect(beats).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
        expect(beats).toBeLessThanOrEqual(Math.ceil(expected) + 1);
        recordFinding(testInfo, {
          id: 'F6',
          topology: 'prod+nginx',
          outcome: 'mitigated',
          measured: {
            heartbeatMs: LAB.HEARTBEAT_MS,
            idleTimeoutMs: IDLE_TIMEOUT_MS,
            heartbeatsInWindow: beats,
            windowMs: window,
          },
        });
      },
    );
  });

  test.describe(() => {
    test.use({ appSettings: { TICK_MS: '0', HEARTBEAT_MS: String(SLOW_HEARTBEAT_MS) } });
    test(
      'F6 @f6: with a heartbeat longer than the proxy idle timeout, the proxy cuts the quiet stream',
      { annotation: [expects('F6', 'prod+nginx', 'reproduced')] },
      async ({ tab: page, stack, timeline }, testInfo) => {
        await page.goto(dashboardUrl(stack.urls.idle, 'native'));
        timeline.track(page, 'native');
        await expect.poll(async () => (await snapshot(page)).counters.opens).toBeGreaterThan(0);
        const since = new Date(Date.now() - 2000).toISOString();
        // One heartbeat timer serves every stream: the first heartbeat comes within one interval of the open.
        await expect
          .poll(async () => (await snapshot(page)).counters.errors, {
            message: 'stream cut by the idle timeout',
            timeout: SLOW_HEARTBEAT_MS + IDLE_TIMEOUT_MS + 3000,
          })
          .toBeGreaterThan(0);
        const cut = await snapshot(page);
        const openAt = cut.transitions.find((t) => t.to === 'open')!.at;
        const cutAt = cut.transitions.find((t) => t.at >= openAt && t.reason.startsWith('connection lost'))!.at;
        // Quiet since the last event before the cut (the hello at the open, or a heartbeat after it),
        // all in the browser's clock: about the idle timeout, and because of it (nginx's log below).
        // The browser stamps an event when its listener runs, which can trail the bytes on a busy main
        // thread: a late stamp on the last heartbeat shortens the quiet it appears to have had.
        const lastHeartbeatAt = cut.counters.lastHeartbeatAt;
        const lastEventAt =
          lastHeartbeatAt !== null && lastHeartbeatAt < cutAt ? Math.max(openAt, lastHeartbeatAt) : openAt;
        const cutAfterMs = cutAt - lastEventAt;
        const measured = `cut ${cutAfterMs} ms after the last event (open at ${openAt}, last heartbeat at ${lastHeartbeatAt}, cut at ${cutAt}); transitions ${JSON.stringify(cut.transitions)}`;
        expect(cutAfterMs, measured).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - DISPATCH_LAG_MS);
        expect(cutAfterMs, measured).toBeLessThan(IDLE_TIMEOUT_MS + 1000);
        const { stdout, stderr } = await run(
          'docker',
          stack.composeArgs('logs', '--no-color', '--since', since, 'nginx-idle'),
          { cwd: REPO_ROOT },
        );
        expect(stdout + stderr).toMatch(/upstream timed out \(110: Connection timed out\) while reading upstream/);
        recordFinding(testInfo, {
          id: 'F6',
          topology: 'prod+nginx',
          outcome: 'reproduced',
          measured: { heartbeatMs: SLOW_HEARTBEAT_MS, idleTimeoutMs: IDLE_TIMEOUT_MS, cutAfterMs },
        });
      },
    );
  });
});
