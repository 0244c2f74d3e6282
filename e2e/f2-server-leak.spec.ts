import { METRIC } from '@sse-lab/contract';
import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { LAB } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { isLiveSince, openDashboard, sequenceOf, snapshot } from './support/lab-page';
import { openRawStream } from './support/raw-stream';

const N = 4;
/** The demo feed's fastest rate (TICK_MS' minimum): what backs a stalled socket up quickly. */
const FAST_TICK_MS = 10;
/** What the app may hold for one client in the slow-client case: far below the 1 MB default, so the case stays short. */
const SLOW_CLIENT_BUFFER_KB = 16;
/** Narrower than the feed at FAST_TICK_MS (about 20 KB/s of frames). */
const SLOW_RATE_KBPS = 2;

/** Releasing is immediate on close; the bound leaves room for the FIN to cross two proxies. */
const RELEASE_BOUND_MS = LAB.HEARTBEAT_MS + 2000;

/** Every one of an address's per-IP slots takes a stream again (each answered 200), then they are let go. */
async function expectEverySlotFree(base: string): Promise<void> {
  const again = Array.from({ length: LAB.MAX_STREAMS_PER_IP }, () => openRawStream(base));
  try {
    await expect
      .poll(() => again.map((s) => s.state.status).join(','), { message: 'every slot free again' })
      .toBe(Array(LAB.MAX_STREAMS_PER_IP).fill(200).join(','));
  } finally {
    again.forEach((s) => s.close());
  }
}

test.describe('F2 server-side leak', () => {
  test.beforeEach(async ({ metrics }) => {
    await expect
      .poll(() => metrics.value(METRIC.activeStreams), {
        message: 'no stream left over from earlier tests',
        timeout: RELEASE_BOUND_MS,
      })
      .toBe(0);
  });

  async function expectReleased(metrics: { value(name: string): Promise<number> }, since: number) {
    await expect
      .poll(() => metrics.value(METRIC.activeStreams), {
        message: 'active streams back to 0',
        timeout: RELEASE_BOUND_MS,
      })
      .toBe(0);
    const releaseMs = Date.now() - since;
    expect(await metrics.value(METRIC.heartbeatTimers)).toBe(0);
    return releaseMs;
  }

  test(
    'F2 @f2 @direct: closing tabs releases every stream, heartbeat timer and per-IP slot',
    { annotation: [expects('F2', 'prod+nginx', 'mitigated')] },
    async ({ profile, stack, metrics }, testInfo) => {
      const pages = [];
      for (let i = 0; i < N; i++) {
        const page = await profile.newTab();
        await openDashboard(page, stack.urls.edge, 'lab');
        pages.push(page);
      }
      await expect.poll(() => metrics.value(METRIC.activeStreams)).toBe(N);
      expect(await metrics.value(METRIC.heartbeatTimers), 'one heartbeat timer shared by every stream').toBe(1);
      const closedAt = Date.now();
      await Promise.all(pages.map((page) => page.close()));
      const releaseMs = await expectReleased(metrics, closedAt);

      await expectEverySlotFree(stack.urls.edge);
      recordFinding(testInfo, {
        id: 'F2',
        topology: 'prod+nginx',
        outcome: 'mitigated',
        measured: { case: 'tabs closed', streams: N, releaseMs },
      });
    },
  );

  test(
    'F2 @f2 @server @direct: reset peers release their streams, and the app sees a reset, not a close',
    { annotation: [expects('F2', 'prod', 'mitigated')] },
    async ({ stack, metrics, fault }, testInfo) => {
      // reset_peer arms only the connections opened while it exists (SO_LINGER 0 at connect); on
      // "edge-direct", the hop next to the app, its RST reaches the app's socket.
      const resetsBefore = await metrics.value(METRIC.streamsClosed, { reason: 'reset' });
      const openedBefore = await metrics.value(METRIC.streamsOpened);
      await fault.apply(chaos.reset, 'edge-direct');
      const resetAt = Date.now();
      const streams = Array.from({ length: N }, () => openRawStream(stack.urls.direct));
      await expect.poll(() => streams.every((s) => s.state.closed), { message: 'clients cut off' }).toBe(true);
      expect(await metrics.value(METRIC.streamsOpened)).toBe(openedBefore + N);
      await expect
        .poll(() => metrics.value(METRIC.streamsClosed, { reason: 'reset' }), { message: 'the app counts resets' })
        .toBe(resetsBefore + N);
      const releaseMs = await expectReleased(metrics, resetAt);
      recordFinding(testInfo, {
        id: 'F2',
        topology: 'prod',
        outcome: 'mitigated',
        measured: { case: 'peers reset', streams: N, releaseMs },
      });
    },
  );

  test(
    'F2 @f2 @server @direct: a proxy that drops its connections releases the streams behind it',
    { annotation: [expects('F2', 'prod', 'mitigated')] },
    async ({ stack, metrics, fault }, testInfo) => {
      const streams = Array.from({ length: N }, () => openRawStream(stack.urls.direct));
      await expect.poll(() => metrics.value(METRIC.activeStreams)).toBe(N);
      const droppedAt = Date.now();
      await fault.apply(chaos.down, 'edge-direct');
      const releaseMs = await expectReleased(metrics, droppedAt);
      streams.forEach((s) => s.close());
      recordFinding(testInfo, {
        id: 'F2',
        topology: 'prod',
        outcome: 'mitigated',
        measured: { case: 'proxy dropped', streams: N, releaseMs },
      });
    },
  );

  // Many events per second fill the socket buffers along the path in seconds rather than hours.
  test.describe(() => {
    test.use({ appSettings: { TICK_MS: String(FAST_TICK_MS) } });
    test(
      'F2 @f2 @server @direct: peers that stop taking data without a FIN are ended after DEAD_PEER_MS and give their slots back',
      { annotation: [expects('F2', 'prod', 'mitigated')] },
      async ({ stack, metrics, fault }, testInfo) => {
        test.setTimeout(180_000);
        const streams = Array.from({ length: LAB.MAX_STREAMS_PER_IP }, () => openRawStream(stack.urls.direct));
        try {
          await expect.poll(() => metrics.value(METRIC.activeStreams)).toBe(LAB.MAX_STREAMS_PER_IP);
          const deadBefore = await metrics.value(METRIC.streamsClosed, { reason: 'dead-peer' });
          const stall = await fault.apply(chaos.stall, 'edge-direct');
          const stalledAt = Date.now();
          await expect
            .poll(() => metrics.value(METRIC.streamsClosed, { reason: 'dead-peer' }), {
              message: 'every stalled stream ended as a dead peer',
              timeout: 150_000,
              intervals: [500],
            })
            .toBe(deadBefore + LAB.MAX_STREAMS_PER_IP);
          const endedAfterMs = Date.now() - stalledAt;
          // Never before the bound: the socket must first back up, then stay backed up for DEAD_PEER_MS.
          expect(endedAfterMs).toBeGreaterThanOrEqual(LAB.DEAD_PEER_MS);
          await expect.poll(() => metrics.value(METRIC.activeStreams)).toBe(0);
          await fault.remove(stall);
          await expectEverySlotFree(stack.urls.direct);
          recordFinding(testInfo, {
            id: 'F2',
            topology: 'prod',
            outcome: 'mitigated',
            measured: { case: 'dead peers', streams: streams.length, deadPeerMs: LAB.DEAD_PEER_MS, endedAfterMs },
          });
        } finally {
          streams.forEach((s) => s.close());
        }
      },
    );
  });

  // A ring long enough to replay everything the client misses while it is throttled.
  test.describe(() => {
    test.use({
      appSettings: {
        TICK_MS: String(FAST_TICK_MS),
        SLOW_CLIENT_BUFFER_KB: String(SLOW_CLIENT_BUFFER_KB),
        REPLAY_SIZE: '100000',
      },
    });
    test(
      'F2 @f2 @direct: a client slower than the feed is ended as a slow client, and the lab client resumes without a gap',
      { annotation: [expects('F2', 'prod', 'mitigated')] },
      async ({ tab: page, stack, metrics, fault, timeline }, testInfo) => {
        test.setTimeout(180_000);
        await openDashboard(page, stack.urls.direct, 'lab', 20);
        timeline.track(page, 'tab');
        const slowBefore = await metrics.value(METRIC.streamsClosed, { reason: 'slow-client' });
        const slow = await fault.apply(chaos.slow, 'edge-direct', { rateKBps: SLOW_RATE_KBPS });
        const throttledAt = Date.now();
        await expect
          .poll(() => metrics.value(METRIC.streamsClosed, { reason: 'slow-client' }), {
            message: 'the app ends the stream it cannot deliver',
            timeout: 60_000,
            intervals: [500],
          })
          .toBeGreaterThan(slowBefore);
        const endedAfterMs = Date.now() - throttledAt;
        await fault.remove(slow);
        const clearedAt = Date.now();
        await expect
          .poll(async () => isLiveSince(await snapshot(page), clearedAt + 1000), { timeout: 30_000 })
          .toBe(true);
        const tab = await snapshot(page);
        expect(tab.counters).toMatchObject({ resets: 0, gaps: 0, gapResumes: 0, duplicates: 0 });
        const { contiguous, duplicates } = sequenceOf(tab.receivedIds);
        expect({ contiguous, duplicates }).toEqual({ contiguous: true, duplicates: 0 });
        recordFinding(testInfo, {
          id: 'F2',
          topology: 'prod',
          outcome: 'mitigated',
          measured: {
            case: 'slow client',
            rateKBps: SLOW_RATE_KBPS,
            slowClientBufferKb: SLOW_CLIENT_BUFFER_KB,
            endedAfterMs,
            endedAsSlow: (await metrics.value(METRIC.streamsClosed, { reason: 'slow-client' })) - slowBefore,
            resets: 0,
            gaps: 0,
          },
        });
      },
    );
  });
});
