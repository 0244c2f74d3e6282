import { describe, expect, it } from 'vitest';
import { formatFailures } from './failures';

describe('formatFailures', () => {
  it('should print nothing when every test passed', () => {
    expect(formatFailures([])).toBe('');
  });

  it('should name each failure with its place, status and time, then the head of its error without colours', () => {
    const message = '\u001b[31mError: native EventSource CLOSED\u001b[39m\n\nExpected: 2\nReceived: 1\nat a\nat b';
    expect(
      formatFailures(
        [{ project: 'webkit', location: 'f10.spec.ts:12', title: 'F10 x', status: 'failed', ms: 12_340, message }],
        3,
      ).split('\n'),
    ).toEqual([
      'failed tests: 1',
      '  ✘ [webkit] f10.spec.ts:12 › F10 x (failed after 12.3 s)',
      '      Error: native EventSource CLOSED',
      '      Expected: 2',
      '      Received: 1',
    ]);
  });

  it('should still name a failure that carries no message', () => {
    expect(
      formatFailures([{ project: 'firefox', location: 'f6.spec.ts:9', title: 'F6', status: 'timedOut', ms: 90_000 }]),
    ).toBe('failed tests: 1\n  ✘ [firefox] f6.spec.ts:9 › F6 (timedOut after 90.0 s)');
  });
});
