import type { ToxicType } from './toxic';

/** Limits throughput to `rate` KB/s (1 KB = 1000 bytes); rate 0 stalls the direction until removed. */
export const bandwidth: ToxicType<{ rate: number }, { debtMs: number }> = {
  type: 'bandwidth',
  defaults: { rate: 0 },
  newState: () => ({ debtMs: 0 }),
  async *chunk(chunk, { rate }, link, state) {
    if (rate <= 0) {
      await link.wait(Number.POSITIVE_INFINITY);
      yield chunk.data;
      return;
    }
    const maxPiece = rate * 100; // bytes per 100 ms
    for (let offset = 0; offset < chunk.data.length; offset += maxPiece) {
      const piece = chunk.data.subarray(offset, offset + maxPiece);
      const started = Date.now();
      state.debtMs += piece.length / rate;
      if (!link.interrupted && state.debtMs >= 1) await link.wait(Math.floor(state.debtMs));
      state.debtMs -= Date.now() - started;
      if (link.interrupted) state.debtMs = 0;
      yield piece;
    }
  },
};
