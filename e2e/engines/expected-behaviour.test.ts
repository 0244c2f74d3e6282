import { describe, expect, it } from 'vitest';
import { EMPTY_RETRY_AFTER_MS, ENGINE_BEHAVIOUR, emptyRetryAnswer } from './expected-behaviour';

describe('emptyRetryAnswer', () => {
  const firefox = ENGINE_BEHAVIOUR.firefox;
  const answers: [string, number][] = [
    ['ignored', EMPTY_RETRY_AFTER_MS],
    ['resets to the default', firefox.defaultReconnectMs],
    ['sets it to 0', firefox.retryFloorMs],
  ];

  it('should read each answer at its own wait', () => {
    expect(emptyRetryAnswer(520, 0, answers)).toBe('sets it to 0');
    expect(emptyRetryAnswer(5040, 0, answers)).toBe('resets to the default');
    expect(emptyRetryAnswer(8100, 0, answers)).toBe('ignored');
  });

  it('should read a late reconnection as the wait it reached, never as a longer one', () => {
    // Firefox's floor of 500 ms measured late on a busy machine: still its floor.
    expect(emptyRetryAnswer(1100, 0, answers)).toBe('sets it to 0');
    expect(emptyRetryAnswer(2300, 1500, answers)).toBe('sets it to 0');
  });

  it('should give the figure where it is later than the longest answer allows, or sooner than any, and say when none came', () => {
    expect(emptyRetryAnswer(12_500, 0, answers)).toBe('12500 ms');
    expect(emptyRetryAnswer(300, 0, answers)).toBe('300 ms');
    expect(emptyRetryAnswer(undefined, 0, answers)).toBe('no reconnection');
  });

  it('should read a floor of 0 for an engine that reconnects at once', () => {
    const chromium = ENGINE_BEHAVIOUR.chromium;
    const chromiumAnswers: [string, number][] = [
      ['ignored', EMPTY_RETRY_AFTER_MS],
      ['resets to the default', chromium.defaultReconnectMs],
      ['sets it to 0', chromium.retryFloorMs],
    ];
    expect(emptyRetryAnswer(3200, 0, chromiumAnswers)).toBe('resets to the default');
    expect(emptyRetryAnswer(40, 0, chromiumAnswers)).toBe('sets it to 0');
  });
});
