import { describe, expect, it } from 'vitest';
import { timeWithoutStream } from './stream-time';

const t = (at: number, from: string, to: string) => ({ at, from, to, reason: '' }) as never;

describe('timeWithoutStream', () => {
  it('should add up the time outside open within the window', () => {
    const transitions = [
      t(0, 'idle', 'connecting'),
      t(100, 'connecting', 'open'),
      t(1000, 'open', 'backoff'),
      t(1300, 'backoff', 'connecting'),
      t(1500, 'connecting', 'open'),
    ];
    expect(timeWithoutStream({ transitions, state: 'open' }, 500, 2000)).toBe(500);
    expect(timeWithoutStream({ transitions, state: 'open' }, 1200, 2000)).toBe(300);
  });

  it('should count until the end of the window for a client still without a stream', () => {
    const transitions = [t(0, 'idle', 'open'), t(1000, 'open', 'backoff')];
    expect(timeWithoutStream({ transitions, state: 'backoff' }, 500, 3000)).toBe(2000);
  });

  it('should be zero for a client open all along', () => {
    expect(timeWithoutStream({ transitions: [t(0, 'idle', 'open')], state: 'open' }, 500, 3000)).toBe(0);
  });
});
