import type { ToxicType } from './toxic';

/** Holds the close for `delay` ms after the source reaches EOF; data passes unchanged. */
export const slowClose: ToxicType<{ delay: number }> = {
  type: 'slow_close',
  defaults: { delay: 0 },
  async end({ delay }, link) {
    if (delay > 0) await link.wait(delay);
  },
};
