import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { LAB } from './lab-settings';
import { recordFinding } from './support/findings';
import { openDashboard } from './support/lab-page';
import { openRawStream } from './support/raw-stream';

const N = 4;
/** Releasing is immediate on close; the bound leaves room for the FIN to cross two proxies. */
const RELEASE_BOUND_MS = LAB.HEARTBEAT_MS + 2000;

test.describe('F2 server-side leak', () => {
  test.beforeEach(async ({ metrics }) => {
    await expect.poll(() => metrics.value('sse_active_streams'), { message: 'no stream left over from earlier tests', timeout: RELEASE_BOUND_MS }).toBe(0);
  });

  async function expectReleased(metrics: { value(name: string): Promise<number> }, since: number) {
    await expect.poll(() => metrics.value('sse_active_streams'), { message: 'active streams back to 0', timeout: RELEASE_BOUND_MS }).toBe(0);
    const releaseMs = Date.now() - since;
    expect(await metrics.value('sse_heartbeat_timers')).toBe(0);
    return releaseMs;
  }

  test('F2 @f2: closing tabs releases every stream, heartbeat timer and per-IP slot', async ({ context, stack, metrics }, testInfo) => {
    const pages = [];
    for (let i = 0; i < N; i++) {
      const page = await context.newPage();
      await openDashboard(page, stack.urls.edge, 'lab');
      pages.push(page);
    }
    await expect.poll(() => metrics.value('sse_active_streams')).toBe(N);
    expect(await metrics.value('sse_heartbeat_timers')).toBe(N);
    const closedAt = Date.now();
    await Promise.all(pages.map((page) => page.close()));
    const releaseMs = await expectReleased(metrics, closedAt);

    const again = Array.from({ length: LAB.MAX_STREAMS_PER_IP }, () => openRawStream(stack.urls.edge));
    await expect.poll(() => again.map((s) => s.state.status).join(','), { message: 'every slot free again' }).toBe(Array(LAB.MAX_STREAMS_PER_IP).fill(200).join(','));
    again.forEach((s) => s.close());
    recordFinding(testInfo, { id: 'F2', topology: 'prod+nginx', outcome: 'mitigated', measured: { case: 'tabs closed', streams: N, releaseMs } });
  });

  test('F2 @f2: reset peers release their streams', async ({ stack, metrics, fault }, testInfo) => {
    const streams = Array.from({ length: N }, () => openRawStream(stack.urls.direct));
    await expect.poll(() => metrics.value('sse_active_streams')).toBe(N);
    const resetAt = Date.now();
    await fault.apply(chaos.reset, 'edge-direct');
    await expect.poll(() => streams.every((s) => s.state.closed), { message: 'clients reset' }).toBe(true);
    const releaseMs = await expectReleased(metrics, resetAt);
    recordFinding(testInfo, { id: 'F2', topology: 'prod', outcome: 'mitigated', measured: { case: 'peers reset', streams: N, releaseMs } });
  });

  test('F2 @f2: a proxy that drops its connections releases the streams behind it', async ({ stack, metrics, fault }, testInfo) => {
    const streams = Array.from({ length: N }, () => openRawStream(stack.urls.direct));
    await expect.poll(() => metrics.value('sse_active_streams')).toBe(N);
    const droppedAt = Date.now();
    await fault.apply(chaos.down, 'upstream');
    const releaseMs = await expectReleased(metrics, droppedAt);
    streams.forEach((s) => s.close());
    recordFinding(testInfo, { id: 'F2', topology: 'prod', outcome: 'mitigated', measured: { case: 'proxy dropped', streams: N, releaseMs } });
  });
});
