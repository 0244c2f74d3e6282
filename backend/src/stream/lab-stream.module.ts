import type { DynamicModule } from '@nestjs/common';
import { SseLabModule } from '@sse-lab/nest';
import { PrometheusStreamMetrics } from '@sse-lab/nest/prometheus';
import { RedisEventLog } from '@sse-lab/nest/redis';
import type { LabConfig } from '../config/lab-config';
import { INITIAL_KPIS } from '../feed/kpi-walk';

/** Where the stream is served, under the API prefix. */
export const STREAM_ROUTE = 'stream';

/** The lab's stream: `@sse-lab/nest` configured from the validated environment, its metrics on Prometheus. */
export function labStreamModule(config: LabConfig): DynamicModule {
  return SseLabModule.forRoot({
    heartbeatMs: config.heartbeatMs,
    retryMs: config.retryMs,
    retryJitterPct: config.retryJitterPct,
    deadPeerMs: config.deadPeerMs,
    slowClientBufferKb: config.slowClientBufferKb,
    maxStreamMs: config.maxStreamMs,
    replaySize: config.replaySize,
    maxStreamsPerIp: config.maxStreamsPerIp,
    instanceId: config.instanceId,
    initialPayload: INITIAL_KPIS,
    eventLog:
      config.eventLog === 'redis'
        ? new RedisEventLog({
            url: config.redisUrl!,
            keyPrefix: config.eventLogKey,
            replaySize: config.replaySize,
            producerLeaseMs: config.producerLeaseMs,
            instanceId: config.instanceId,
          })
        : undefined,
    path: STREAM_ROUTE,
    transport: config.streamTransport,
    metrics: PrometheusStreamMetrics,
    isGlobal: true,
  });
}
