import { chaos } from './chaos';
import { expect, test } from './fixtures';
import { CLIENT, LAB } from './lab-settings';
import { expects, recordFinding } from './support/findings';
import { holdsFor } from './support/holds-for';
import { openDashboard, sequenceOf, snapshot } from './support/lab-page';

const WATCHDOG_MS = CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS;

test.describe('F1 silent connection', () => {
  test('F1 @f1: a native EventSource stays OPEN and receives nothing while the network is silent', { annotation: [expects('F1', 'prod+nginx', 'reproduced')] }, async ({ page, stack, fault, timeline }, testInfo) => {
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
    recordFinding(testInfo, { id: 'F1', topology: 'prod+nginx', outcome: 'reproduced', measured: { silentOpenForMs: Date.now() - silentAt } });
  });

  test('F1 @f1: the lab client detects the silence, recreates the stream and resumes without losing an event', { annotation: [expects('F1', 'prod+nginx', 'mitigated')] }, async ({ page, stack, fault, timeline }, testInfo) => {
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
      .poll(async () => {
        const s = await snapshot(page);
        return s.state === 'open' && s.counters.events >= eventsAtClear + 3;
      }, { message: 'client open again with new events', timeout: WATCHDOG_MS + CLIENT.maxBackoffMs + 5000 })
      .toBe(true);
    const recoveryMs = Date.now() - clearedAt;

    const after = await snapshot(page);
    const sequence = sequenceOf(after.receivedIds);
    expect(sequence.contiguous, `ids contiguous: ${sequence.seqs.join(',')}`).toBe(true);
    expect(sequence.duplicates).toBe(0);
    expect(after.counters).toMatchObject({ gaps: 0, duplicates: 0, resets: 0 });
    expect(after.counters.staleEpisodes).toBeGreaterThanOrEqual(1);
    recordFinding(testInfo, { id: 'F1', topology: 'prod+nginx', outcome: 'mitigated', measured: { detectionMs, recoveryMs, watchdogMs: WATCHDOG_MS } });
  });
});
