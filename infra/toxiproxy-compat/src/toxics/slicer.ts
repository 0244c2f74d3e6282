import type { ToxicType } from './toxic';

type SlicerAttributes = { average_size: number; size_variation: number; delay: number };

function cutPoints(length: number, { average_size: average, size_variation: variation }: SlicerAttributes, random: () => number): number[] {
  // Split around the midpoint ± variation until pieces are within variation of the average.
  if (length <= average + variation || average <= 0) return [length];
  const mid = Math.floor(length / 2);
  const offset = variation > 0 ? Math.floor(random() * (2 * variation + 1)) - variation : 0;
  const cut = Math.min(length - 1, Math.max(1, mid + offset));
  return [...cutPoints(cut, { average_size: average, size_variation: variation, delay: 0 }, random), ...cutPoints(length - cut, { average_size: average, size_variation: variation, delay: 0 }, random)];
}

/**
 * Splits each chunk into pieces of about `average_size` bytes, `delay` µs apart. Timers have a
 * millisecond grain: sub-millisecond delays are owed and slept once they add up to whole
 * milliseconds, so N pieces take about N × delay, as Go's time.Sleep gives.
 */
export const slicer: ToxicType<SlicerAttributes> = {
  type: 'slicer',
  defaults: { average_size: 0, size_variation: 0, delay: 0 },
  async *chunk(chunk, attributes, link) {
    const sizes = cutPoints(chunk.data.length, attributes, link.random);
    let offset = 0;
    let owedUs = 0;
    for (const size of sizes) {
      if (link.interrupted) break;
      yield chunk.data.subarray(offset, offset + size);
      offset += size;
      owedUs += Math.max(0, attributes.delay);
      if (owedUs >= 1000) {
        const ms = Math.floor(owedUs / 1000);
        owedUs -= ms * 1000;
        await link.wait(ms);
      }
    }
    // Interrupted: the rest goes out in one piece.
    if (offset < chunk.data.length) yield chunk.data.subarray(offset);
  },
};
