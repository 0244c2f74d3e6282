export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Percentiles of a sample (nearest rank). */
export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] };
}

/** Events missing from the streams' sequences, as a share of those the streams should have had. */
export const lossPct = (delivered: number, missed: number): number =>
  delivered + missed > 0 ? (missed / (delivered + missed)) * 100 : 0;

/** a / b, when both are figures and b is not 0. */
export const ratio = (a: number, b: number | undefined): number | undefined =>
  b && Number.isFinite(a) && Number.isFinite(b) ? a / b : undefined;

export const round = (value: number, digits = 1): number =>
  Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
