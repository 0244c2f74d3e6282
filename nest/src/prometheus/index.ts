/**
 * The stream's Prometheus instruments (`prom-client`, an optional peer):
 * `SseLabModule.forRoot({ metrics: PrometheusStreamMetrics })`, then expose its `registry`.
 */
export { PrometheusStreamMetrics } from './prometheus-stream-metrics';
