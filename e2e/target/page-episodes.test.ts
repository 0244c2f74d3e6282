import { describe, expect, it } from 'vitest';
import type { ObservedEvent } from './observer-script';
import { activityIn, attemptTimes, lastReadyState, reconnectionAfter } from './page-episodes';

const at = (time: number, kind: ObservedEvent['kind'], extra: Partial<ObservedEvent> = {}): ObservedEvent => ({
  at: time,
  kind,
  source: 0,
  ...extra,
});

// A native EventSource: open, messages, a cut at 1000, its own retries every ~3 s, back at 10 000.
const NATIVE: ObservedEvent[] = [
  at(0, 'construct', { url: 'http://x/api/events', readyState: 0 }),
  at(100, 'open', { readyState: 1 }),
  at(500, 'message'),
  at(1_050, 'error', { readyState: 0 }),
  at(4_100, 'error', { readyState: 0 }),
  at(7_150, 'error', { readyState: 0 }),
  at(10_200, 'open', { readyState: 1 }),
  at(10_300, 'message'),
];

describe('page episodes', () => {
  it('counts what the page did in a window', () => {
    expect(activityIn(NATIVE, 1_000, 9_000)).toEqual({ constructs: 0, opens: 0, errors: 3, closes: 0, messages: 0 });
    expect(activityIn(NATIVE, 10_000)).toMatchObject({ opens: 1, messages: 1 });
  });

  it('finds the reconnection after a cut: its first error to the next open', () => {
    expect(reconnectionAfter(NATIVE, 1_000)).toEqual({ errorAt: 1_050, openAt: 10_200, delayMs: 9_150 });
    expect(reconnectionAfter(NATIVE.slice(0, 5), 1_000)).toEqual({ errorAt: 1_050 });
    expect(reconnectionAfter(NATIVE, 20_000)).toBeUndefined();
  });

  it('times the failed attempts in a window', () => {
    expect(attemptTimes(NATIVE, 1_000, 9_000)).toEqual([1_050, 4_100, 7_150]);
  });

  it("reads the newest EventSource's last state: a closed one rebuilt shows the new one's", () => {
    expect(lastReadyState(NATIVE)).toBe(1);
    expect(lastReadyState(NATIVE.slice(0, 4))).toBe(0);
    const rebuilt = [
      ...NATIVE.slice(0, 4),
      at(1_100, 'close', { readyState: 0 }),
      at(2_000, 'construct', { source: 1, readyState: 0 }),
    ];
    expect(lastReadyState(rebuilt)).toBe(0);
    expect(lastReadyState([...NATIVE.slice(0, 3), at(900, 'error', { readyState: 2 })])).toBe(2);
    expect(lastReadyState([])).toBeUndefined();
  });
});
