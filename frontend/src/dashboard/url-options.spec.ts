import { describe, expect, it } from 'vitest';
import { settingsFromUrl } from './url-options';

describe('settingsFromUrl', () => {
  it('defaults to the lab client on /api/stream', () => {
    expect(settingsFromUrl('')).toEqual({ mode: 'lab', streamUrl: '/api/stream', options: {} });
  });

  it('reads the mode and the numeric client options, ignoring bad values', () => {
    expect(settingsFromUrl('?client=native&maxBackoffMs=4000&jitter=0&initialBackoffMs=abc&bogus=1')).toEqual({
      mode: 'native',
      streamUrl: '/api/stream',
      options: { maxBackoffMs: 4000, jitter: 0 },
    });
  });
});
