import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tab } from '../engines';
import { TimelineRecorder } from './timeline';

/** Tabs of one WebDriver session: each read waits for the one before it (a window switch, then the script). */
function sessionOfTabs(count: number, readMs: number) {
  let queue: Promise<unknown> = Promise.resolve();
  const stats = { pending: 0, maxPending: 0, reads: 0 };
  const tabs = Array.from({ length: count }, () => {
    const tab: Partial<Tab> = {
      readTimeoutMs: 30_000,
      isClosed: () => false,
      evaluate: (async () => {
        stats.pending++;
        stats.maxPending = Math.max(stats.maxPending, stats.pending);
        const read = queue.then(() => new Promise((resolve) => setTimeout(resolve, readMs)));
        queue = read;
        await read;
        stats.pending--;
        stats.reads++;
        return 'null';
      }) as Tab['evaluate'],
    };
    return tab as Tab;
  });
  return { tabs, stats };
}

describe('TimelineRecorder', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should read the tabs one pass at a time, however long a pass takes, and leave the session free between passes', async () => {
    // Eight tabs at 250 ms a read: a pass takes 2 s, twice the recorder's period.
    const { tabs, stats } = sessionOfTabs(8, 250);
    const recorder = new TimelineRecorder();
    tabs.forEach((tab, i) => recorder.track(tab, `tab ${i + 1}`));
    await vi.advanceTimersByTimeAsync(60_000);
    // Never more reads waiting than one pass has tabs (reads queued every second grew without bound).
    expect(stats.maxPending).toBeLessThanOrEqual(tabs.length);
    // The eight track() calls share two passes; after them a pass, then as long again without a read.
    // The end of the test waits for one pass, not for every pass queued behind it (the teardown outlasted the test's timeout).
    let done = false;
    const finished = recorder
      .finish({ status: 'passed', expectedStatus: 'passed', annotations: [] } as never)
      .then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2 * 2000 + 100);
    expect(done).toBe(true);
    await finished;
    expect(recorder.reads).toBeLessThanOrEqual(3 + Math.ceil(60_000 / (2 * 2000)));
    expect(recorder.reads).toBeGreaterThanOrEqual(60_000 / (2 * 2000) - 1);
    const readsAtFinish = stats.reads;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stats.reads).toBe(readsAtFinish);
  });

  it('should start a read after capture() is called, even while one is under way', async () => {
    const { tabs, stats } = sessionOfTabs(1, 500);
    const recorder = new TimelineRecorder();
    recorder.track(tabs[0], 'tab');
    await vi.advanceTimersByTimeAsync(100);
    const before = stats.reads;
    const captured = recorder.capture();
    await vi.advanceTimersByTimeAsync(1000);
    await captured;
    expect(stats.reads).toBe(before + 2);
    const finished = recorder.finish({ status: 'passed', expectedStatus: 'passed', annotations: [] } as never);
    await vi.advanceTimersByTimeAsync(1000);
    await finished;
  });
});
