import { describe, expect, it } from 'vitest';
import { settingsFromUrl } from './url-options';

describe('settingsFromUrl', () => {
  it('defaults to the lab client on /api/stream', () => {
    expect(settingsFromUrl('')).toEqual({
      mode: 'lab',
      streamUrl: '/api/stream',
      options: { shareAcrossTabs: true },
      problems: [],
    });
  });

  it('reads the mode and the numeric client options', () => {
    expect(settingsFromUrl('?client=native&maxBackoffMs=4000&jitter=0&bogus=1')).toEqual({
      mode: 'native',
      streamUrl: '/api/stream',
      options: { maxBackoffMs: 4000, jitter: 0, shareAcrossTabs: true },
      problems: [],
    });
  });

  it.each([
    ['staleAfterHeartbeats', '0', /staleAfterHeartbeats="0": expected a number at least 1.5/],
    ['maxBackoffMs', '0', /maxBackoffMs="0": expected a number at least 100/],
    ['initialBackoffMs', 'abc', /initialBackoffMs="abc": expected a number at least 50/],
    ['jitter', '', /jitter="": expected a number from 0 to 1/],
  ])('should leave out %s=%s and say why', (key, raw, message) => {
    const settings = settingsFromUrl(`?${key}=${raw}&stableAfterMs=3000`);
    expect(settings.options).toEqual({ stableAfterMs: 3000, shareAcrossTabs: true });
    expect(settings.problems).toHaveLength(1);
    expect(settings.problems[0]).toMatch(message);
  });

  it('should leave out a cap below the first step', () => {
    const settings = settingsFromUrl('?initialBackoffMs=1000&maxBackoffMs=500');
    expect(settings.options).toEqual({ shareAcrossTabs: true });
    expect(settings.problems).toEqual(['maxBackoffMs=500: expected at least initialBackoffMs (1000)']);
  });

  it('should share the stream across tabs unless share=off', () => {
    expect(settingsFromUrl('?share=off').options.shareAcrossTabs).toBe(false);
    expect(settingsFromUrl('?share=on').options.shareAcrossTabs).toBe(true);
    expect(settingsFromUrl('?share=maybe').problems).toEqual(['share="maybe": expected "on" or "off"']);
  });
});
