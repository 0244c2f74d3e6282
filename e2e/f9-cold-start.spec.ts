import { parseEventId } from '@sse-lab/contract';
import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { CLIENT, LAB } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { openDashboard, sequenceOf, snapshot } from './support/lab-page';

const PAUSE_SECONDS = Math.ceil((CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS + 2 * LAB.RETRY_MS) / 1000) + 2;

test.describe('F9 PaaS cold start', () => {
  test(
    'F9 @f9: while the backend sleeps the dashboard shows it is waiting, then connects when it wakes, losing no event',
    { annotation: [expects('F9', 'prod+nginx', 'mitigated')] },
    async ({ tab: page, stack, fault, timeline }, testInfo) => {
      await openDashboard(page, stack.urls.edge, 'lab');
      timeline.track(page, 'lab');
      const badge = () =>
        page.evaluate(() => document.querySelector('[data-testid="state"]')?.getAttribute('data-state') ?? null);
      await expect.poll(badge).toBe('open');

      const lastBefore = parseEventId((await snapshot(page)).counters.lastId)!;
      const pausedAt = Date.now();
      const sleeping = fault.backend(chaos.pauseBackend, { seconds: PAUSE_SECONDS });
      await expect
        .poll(badge, { message: 'the dashboard shows it is not live', timeout: PAUSE_SECONDS * 1000 })
        .not.toBe('open');
      const waitingShownMs = Date.now() - pausedAt;
      const shownState = await badge();
      await sleeping;
      const wokeAt = Date.now();

      await expect
        .poll(badge, { timeout: CLIENT.maxBackoffMs + CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS + 5000 })
        .toBe('open');
      const connectedAfterWakeMs = Date.now() - wokeAt;
      const eventsAtOpen = (await snapshot(page)).counters.events;
      await expect.poll(async () => (await snapshot(page)).counters.events).toBeGreaterThan(eventsAtOpen + 2);
      const after = await snapshot(page);
      // Across the pause: the event after the last one seen before it arrived, on the same boot, and nothing is missing.
      const acrossPause = after.receivedIds.map((id) => parseEventId(id)!).filter((p) => p.seq >= lastBefore.seq);
      expect(acrossPause.slice(0, 2), 'the last event before the pause, then the next one').toEqual([
        lastBefore,
        { bootId: lastBefore.bootId, seq: lastBefore.seq + 1 },
      ]);
      expect(sequenceOf(after.receivedIds).contiguous).toBe(true);
      expect(after.counters).toMatchObject({ gaps: 0, gapResumes: 0, duplicates: 0, resets: 0 });
      recordFinding(testInfo, {
        id: 'F9',
        topology: 'prod+nginx',
        outcome: 'mitigated',
        measured: { pausedSeconds: PAUSE_SECONDS, waitingShownMs, shownState: shownState ?? '', connectedAfterWakeMs },
      });
    },
  );
});
