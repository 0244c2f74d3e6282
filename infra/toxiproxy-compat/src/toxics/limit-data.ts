import type { ToxicType } from './toxic';

/** Passes `bytes` bytes in its direction, truncating the chunk that crosses the limit, then closes. */
export const limitData: ToxicType<{ bytes: number }, { sent: number }> = {
  type: 'limit_data',
  defaults: { bytes: 0 },
  newState: () => ({ sent: 0 }),
  chunk(chunk, { bytes }, link, state) {
    const allowed = Math.max(0, bytes - state.sent);
    const piece = chunk.data.subarray(0, allowed);
    state.sent += piece.length;
    if (state.sent >= bytes) link.closeAfterWrite();
    return piece.length > 0 ? [piece] : [];
  },
};
