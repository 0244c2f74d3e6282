import type { Tab } from './engines';
import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { CLIENT, LAB, LOAD_PROFILES } from './lab-settings';
import { withTabs } from './support/contexts';
import { expects, recordFinding } from './support/findings';
import { holdsFor } from './support/holds-for';
import { dashboardUrl, isLiveSince, sequenceOf, snapshot, type StreamSnapshot } from './support/lab-page';
import { timeWithoutStream } from './support/stream-time';

/** Every tab open again, with live events after `since`. */
async function allLiveAfter(pages: Tab[], since: number, timeoutMs: number): Promise<StreamSnapshot[]> {
  await Promise.all(
    pages.map((page) =>
      expect.poll(async () => isLiveSince(await snapshot(page), since), { timeout: timeoutMs }).toBe(true),
    ),
  );
  return Promise.all(pages.map(snapshot));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test.describe('F13 rolling deploys', () => {
  test(
    'F13 @f13 @direct: a rolling deploy under 20 tabs (10 outside Chromium) on the Redis log: zero resets, zero gaps, zero duplicates in every tab',
    { annotation: [expects('F13', 'scale (redis log)', 'mitigated')] },
    async ({ engine, engineName, fault, scaleStacks }, testInfo) => {
      test.setTimeout(240_000);
      const stack = scaleStacks.redis;
      await withTabs(engine, LOAD_PROFILES[engineName], dashboardUrl(stack.urls.edge, 'lab'), async (pages) => {
        const startedAt = Date.now();
        const steps = await test.step('rolling deploy', () => fault.replicas(stack, chaos.rollingDeploy));
        const endedAt = Date.now();
        const tabs = await allLiveAfter(pages, endedAt, CLIENT.maxBackoffMs + 15_000);
        const settledAt = Date.now();

        for (const [index, tab] of tabs.entries()) {
          expect(tab.counters, `tab ${index + 1}`).toMatchObject({ resets: 0, gaps: 0, gapResumes: 0, duplicates: 0 });
          const { contiguous, duplicates } = sequenceOf(tab.receivedIds);
          expect({ tab: index + 1, contiguous, duplicates }).toEqual({
            tab: index + 1,
            contiguous: true,
            duplicates: 0,
          });
        }
        // Opened again: the browser's own reconnect or the client's; every replica was restarted.
        expect(
          tabs.map((tab) => tab.counters.opens >= 2),
          'every tab was moved at least once',
        ).toEqual(tabs.map(() => true));
        const without = tabs.map((tab) => timeWithoutStream(tab, startedAt, settledAt));
        recordFinding(testInfo, {
          id: 'F13',
          topology: 'scale (redis log)',
          outcome: 'mitigated',
          measured: {
            tabs: tabs.length,
            deployMs: endedAt - startedAt,
            replicasRestarted: steps.length,
            resets: 0,
            gaps: 0,
            duplicates: 0,
            reconnects: tabs.reduce((sum, tab) => sum + tab.counters.opens - 1, 0),
            withoutStreamMedianMs: median(without),
            withoutStreamMaxMs: Math.max(...without),
          },
        });
      });
    },
  );

  test(
    'F13 @f13 @direct: the same rolling deploy on per-process logs resets every tab',
    { annotation: [expects('F13', 'scale (memory log)', 'reproduced')] },
    async ({ engine, fault, scaleStacks }, testInfo) => {
      test.setTimeout(180_000);
      const stack = scaleStacks.memory;
      await withTabs(engine, 1, dashboardUrl(stack.urls.edge, 'lab'), async (pages) => {
        const startedAt = Date.now();
        await test.step('rolling deploy', () => fault.replicas(stack, chaos.rollingDeploy));
        const endedAt = Date.now();
        const tabs = await allLiveAfter(pages, endedAt, CLIENT.maxBackoffMs + 15_000);
        const settledAt = Date.now();
        for (const [index, tab] of tabs.entries())
          expect(tab.counters.resets, `tab ${index + 1} was reset`).toBeGreaterThanOrEqual(1);
        const without = tabs.map((tab) => timeWithoutStream(tab, startedAt, settledAt));
        recordFinding(testInfo, {
          id: 'F13',
          topology: 'scale (memory log)',
          outcome: 'reproduced',
          measured: {
            tabs: tabs.length,
            deployMs: endedAt - startedAt,
            resets: tabs.reduce((sum, tab) => sum + tab.counters.resets, 0),
            withoutStreamMedianMs: median(without),
          },
        });
      });
    },
  );

  test(
    'F12 @f12 @direct: a Redis outage of a few seconds: tabs stay open on heartbeats, and every event Redis accepted arrives exactly once',
    { annotation: [expects('F12', 'scale (redis log)', 'mitigated')] },
    async ({ engine, fault, scaleStacks }, testInfo) => {
      test.setTimeout(120_000);
      const stack = scaleStacks.redis;
      const outageMs = 3 * LAB.HEARTBEAT_MS;
      await withTabs(engine, 1, dashboardUrl(stack.urls.edge, 'lab'), async (pages) => {
        const down = await fault.apply(chaos.redisDown, 'redis', {}, stack.toxiproxy);
        const downAt = Date.now();
        // Each replica notices within one blocking read; readiness then says why. The edge may route the new
        // stream below to either replica, so both must have noticed before it is asked.
        for (const replica of stack.urls.replicas) {
          await expect
            .poll(async () => (await fetch(`${replica}/api/health/ready`)).status, {
              message: `${replica} reports the outage`,
              timeout: 10_000,
            })
            .toBe(503);
        }
        const health = (await (await fetch(`${stack.urls.replicas[0]}/api/health/ready`)).json()) as {
          status: string;
          error: { eventLog: { reason: string } };
        };
        expect(health.status).toBe('degraded');
        expect(health.error.eventLog.reason).toMatch(/cannot reach Redis/);
        const refused = await fetch(`${stack.urls.edge}/api/stream`);
        expect(refused.status, 'a new stream is refused with a clear 503').toBe(503);
        expect(await refused.json()).toMatchObject({ error: 'event log unavailable', status: 503 });
        // The claim is for the whole outage: every tab open on heartbeats at every read, not only at its end.
        await holdsFor(
          () => Promise.all(pages.map(async (page) => (await snapshot(page)).state)),
          (states) => states.every((state) => state === 'open'),
          Math.max(0, outageMs - (Date.now() - downAt)),
          'every tab stays open through the Redis outage',
        );
        await fault.remove(down);
        const upAt = Date.now();
        const tabs = await allLiveAfter(pages, upAt, 15_000);

        for (const [index, tab] of tabs.entries()) {
          expect(tab.counters, `tab ${index + 1}`).toMatchObject({ resets: 0, gaps: 0, gapResumes: 0, duplicates: 0 });
          const { contiguous, duplicates } = sequenceOf(tab.receivedIds);
          expect({ tab: index + 1, contiguous, duplicates }).toEqual({
            tab: index + 1,
            contiguous: true,
            duplicates: 0,
          });
        }
        recordFinding(testInfo, {
          id: 'F12',
          topology: 'scale (redis log)',
          outcome: 'mitigated',
          measured: {
            case: 'Redis outage',
            tabs: tabs.length,
            outageMs: upAt - downAt,
            staleEpisodes: tabs.reduce((sum, tab) => sum + tab.counters.staleEpisodes, 0),
            resets: 0,
            gaps: 0,
          },
        });
      });
    },
  );
});
