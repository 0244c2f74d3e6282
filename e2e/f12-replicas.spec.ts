import type { Tab } from './engines';
import { parseEventId } from '@sse-lab/contract';
import { chaos } from './chaos';
import { expect, test, type FaultControl } from './fixtures';
import { CLIENT, SCALE } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { isLiveSince, openDashboard, sequenceOf, snapshot } from './support/lab-page';
import { replicaSnapshot, type ScaleStack } from './support/scale-stack';

/** Network blips at the edge before a reconnect lands on another replica (nginx round-robin: usually the first). */
const MAX_BLIPS = 6;

/**
 * Cuts the client's connection at the edge (the proxy disabled, then enabled again) until its
 * reconnect lands on another replica than the one it started on. Returns how many cuts it took.
 */
async function blipUntilOtherReplica(
  page: Tab,
  stack: ScaleStack,
  fault: FaultControl,
): Promise<{ blips: number; from: string; to: string }> {
  const from = (await snapshot(page)).instance;
  expect(from, 'the hello names its replica').toMatch(/^app-\d$/);
  for (let blip = 1; blip <= MAX_BLIPS; blip++) {
    const down = await fault.apply(chaos.down, 'edge', {}, stack.toxiproxy);
    await expect.poll(async () => (await snapshot(page)).state, { timeout: 5_000 }).not.toBe('open');
    await fault.remove(down);
    // Live on the new connection: a data event that came after it, not one that came just before the cut.
    const reconnectedAfter = Date.now();
    await expect
      .poll(async () => isLiveSince(await snapshot(page), reconnectedAfter), { timeout: CLIENT.maxBackoffMs + 10_000 })
      .toBe(true);
    const to = (await snapshot(page)).instance!;
    if (to !== from) return { blips: blip, from: from!, to };
  }
  throw new Error(`${MAX_BLIPS} reconnects all landed on ${from}: is nginx load-balancing both replicas?`);
}

/** The last sequence number among `ids` from one boot's id space. */
const lastSeqOf = (ids: string[], bootId: string) =>
  Math.max(...ids.filter((id) => parseEventId(id)!.bootId === bootId).map((id) => parseEventId(id)!.seq));

test.describe('F12 a reconnect lands on another replica', () => {
  test(
    'F12 @f12 @direct: with per-process logs, the reconnect to the other replica gets reset and the events emitted meanwhile never arrive',
    { annotation: [expects('F12', 'scale (memory log)', 'reproduced')] },
    async ({ tab: page, fault, timeline, scaleStacks }, testInfo) => {
      const stack = scaleStacks.memory;
      await openDashboard(page, stack.urls.edge, 'lab', 3);
      timeline.track(page, 'tab');
      const before = await snapshot(page);
      const firstBoot = before.bootId!;
      const { blips, from, to } = await blipUntilOtherReplica(page, stack, fault);
      const after = await snapshot(page);

      expect(after.counters.resets, 'reset on the other replica').toBeGreaterThanOrEqual(1);
      expect(after.bootId).not.toBe(firstBoot);
      const boots = new Set(after.receivedIds.map((id) => parseEventId(id)!.bootId));
      expect(boots.size, 'ids from two id spaces').toBeGreaterThanOrEqual(2);
      // The first replica went on with its own feed: what it emitted after the client's last id from it never arrived.
      const lastFromFirst = lastSeqOf(after.receivedIds, firstBoot);
      const replicas = await Promise.all(
        stack.urls.replicas.map(async (url) => ({ url, ...(await replicaSnapshot(url)) })),
      );
      const { url: firstUrl, bootId } = replicas.find((replica) => replica.instance === from)!;
      expect(bootId).toBe(firstBoot);
      // A reconnect faster than a tick leaves the first replica where the client left it: wait for its next events.
      const missedEvents = async () => parseEventId((await replicaSnapshot(firstUrl)).lastId)!.seq - lastFromFirst;
      await expect
        .poll(missedEvents, {
          message: 'events of the first replica the client never got',
          timeout: 10 * SCALE.TICK_MS + 5_000,
        })
        .toBeGreaterThan(0);
      const missed = await missedEvents();
      expect(
        lastSeqOf((await snapshot(page)).receivedIds, firstBoot),
        'none of them reached the client, now on the other replica',
      ).toBe(lastFromFirst);
      recordFinding(testInfo, {
        id: 'F12',
        topology: 'scale (memory log)',
        outcome: 'reproduced',
        measured: { blips, from, to, resets: after.counters.resets, missedEvents: missed },
      });
    },
  );

  test(
    'F12 @f12 @direct: with the Redis log, the reconnect to the other replica replays: one id space, contiguous ids, no reset',
    { annotation: [expects('F12', 'scale (redis log)', 'mitigated')] },
    async ({ tab: page, fault, timeline, scaleStacks }, testInfo) => {
      const stack = scaleStacks.redis;
      await openDashboard(page, stack.urls.edge, 'lab', 3);
      timeline.track(page, 'tab');
      const { blips, from, to } = await blipUntilOtherReplica(page, stack, fault);
      // A few more live events from the new replica.
      const events = (await snapshot(page)).counters.events;
      await expect
        .poll(async () => (await snapshot(page)).counters.events, { timeout: 10_000 })
        .toBeGreaterThan(events + 2);
      const after = await snapshot(page);

      expect(after.counters).toMatchObject({ resets: 0, gaps: 0, gapResumes: 0, duplicates: 0 });
      const ids = after.receivedIds;
      expect(new Set(ids.map((id) => parseEventId(id)!.bootId)).size, 'one id space across replicas').toBe(1);
      const { contiguous, duplicates } = sequenceOf(ids);
      expect({ contiguous, duplicates }).toEqual({ contiguous: true, duplicates: 0 });
      recordFinding(testInfo, {
        id: 'F12',
        topology: 'scale (redis log)',
        outcome: 'mitigated',
        measured: { blips, from, to, events: ids.length, resets: 0, gaps: 0 },
      });
    },
  );
});
