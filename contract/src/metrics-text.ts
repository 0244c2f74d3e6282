import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/**
 * Reads one sample from Prometheus text, e.g. `readSample(text, METRIC.streamsClosed, { reason: 'client' })`.
 * A series that is absent, or has no sample with these labels, reads as 0 (a counter never incremented).
 */
export function readSample(text: string, name: string, labels: Record<string, string> = {}): number {
  const family = parsePrometheusTextFormat(text).find((candidate) => candidate.name === name);
  const metric = family?.metrics.find((candidate) =>
    Object.entries(labels).every(([key, value]) => candidate.labels?.[key] === value),
  );
  return metric?.value === undefined ? 0 : Number(metric.value);
}
