export { EventLog, type EventLogKind, type LogStatus } from './event-log/event-log';
export type { LogEvent, ResumePlan } from './event-log/log-event';
export { MemoryEventLog } from './event-log/memory-event-log';
export { NoStreamMetrics, StreamMetrics, type CloseReason, type RejectReason } from './metrics/stream-metrics';
export {
  DEAD_PEER_HEARTBEATS,
  InjectSseLabOptions,
  MIN_MAX_STREAM_MS,
  resolveOptions,
  SSE_LAB_OPTIONS,
  SseLabOptionsError,
  STREAM_TRANSPORTS,
  type ResolvedSseLabOptions,
  type SseLabOptions,
  type StreamTransportKind,
} from './options';
export { SsePublisher } from './publisher';
export { SseLabModule } from './sse-lab.module';
export { ASYNC_OPTIONS_TYPE, OPTIONS_TYPE, STREAM_TRANSPORT, type SseLabExtras } from './sse-lab.module-definition';
export { StreamAdmission } from './stream/stream-admission.service';
export { StreamService, SHUTDOWN_FLUSH_MS, type StreamRequest } from './stream/stream.service';
