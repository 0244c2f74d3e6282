import { describe, expect, it } from 'vitest';
import { ENGINE_BEHAVIOUR, emptyRetryAnswer } from './expected-behaviour';

describe('emptyRetryAnswer', () => {
  const firefox = ENGINE_BEHAVIOUR.firefox;

  it('should read each answer at its own wait', () => {
    expect(emptyRetryAnswer(520, 0, firefox)).toBe('sets it to 0');
    expect(emptyRetryAnswer(5040, 0, firefox)).toBe('resets to the default');
    expect(emptyRetryAnswer(8100, 0, firefox)).toBe('ignored');
  });

  it('should read a late reconnection as the wait it reached, never as a longer one', () => {
    // Firefox's floor of 500 ms measured late on a busy machine: still its floor.
    expect(emptyRetryAnswer(1100, 0, firefox)).toBe('sets it to 0');
    expect(emptyRetryAnswer(2300, 1500, firefox)).toBe('sets it to 0');
  });

  it('should give the figure where it is later than the longest answer allows, or sooner than any, and say when none came', () => {
    expect(emptyRetryAnswer(12_500, 0, firefox)).toBe('12500 ms');
    expect(emptyRetryAnswer(300, 0, firefox)).toBe('300 ms');
    expect(emptyRetryAnswer(undefined, 0, firefox)).toBe('no reconnection');
  });

  it('should read a floor of 0 for an engine that reconnects at once', () => {
    const chromium = ENGINE_BEHAVIOUR.chromium;
    expect(emptyRetryAnswer(3200, 0, chromium)).toBe('resets to the default');
    expect(emptyRetryAnswer(40, 0, chromium)).toBe('sets it to 0');
  });
});
