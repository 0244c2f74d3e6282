/** The payload of a data event, as the backend's demo feed sends it. */
export interface Kpis {
  activeUsers: number;
  ordersPerMinute: number;
  errorRatePct: number;
  p95LatencyMs: number;
}

/** A data event of the demo feed: the stream's numbering around the KPIs. */
export interface FeedData {
  seq: number;
  ts: number;
  payload: Kpis;
}

export interface KpiDefinition {
  key: keyof Kpis;
  label: string;
  unit: string;
  color: string;
}

export const KPI_DEFINITIONS: KpiDefinition[] = [
  { key: 'activeUsers', label: 'Active users', unit: '', color: '#4f8cff' },
  { key: 'ordersPerMinute', label: 'Orders / min', unit: '', color: '#22c55e' },
  { key: 'errorRatePct', label: 'Error rate', unit: '%', color: '#f97316' },
  { key: 'p95LatencyMs', label: 'p95 latency', unit: 'ms', color: '#a855f7' },
];
