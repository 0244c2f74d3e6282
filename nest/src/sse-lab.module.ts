import { Module } from '@nestjs/common';
import { hostname } from 'node:os';
import { EventLog } from './event-log/event-log';
import { MemoryEventLog } from './event-log/memory-event-log';
import { StreamMetrics } from './metrics/stream-metrics';
import { resolveOptions, SSE_LAB_OPTIONS, type ResolvedSseLabOptions, type SseLabOptions } from './options';
import { SsePublisher } from './publisher';
import { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, STREAM_TRANSPORT } from './sse-lab.module-definition';
import { StreamAdmission } from './stream/stream-admission.service';
import { StreamService } from './stream/stream.service';

/**
 * The hardened stream as a module: `SseLabModule.forRoot({ heartbeatMs: 25_000 })` serves
 * `GET /stream` (hello, named heartbeats, stable ids, replay or reset, rotation, the per-IP limit,
 * dead-peer and slow-client teardown, drain on shutdown) and `GET /snapshot`; the app publishes
 * its events with `SsePublisher`. `forRootAsync` takes the options from a factory (a ConfigService).
 */
@Module({
  providers: [
    {
      provide: SSE_LAB_OPTIONS,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: SseLabOptions) => resolveOptions(options, hostname()),
    },
    {
      provide: EventLog,
      inject: [SSE_LAB_OPTIONS],
      useFactory: (options: ResolvedSseLabOptions) => options.eventLog ?? new MemoryEventLog(options.replaySize),
    },
    StreamAdmission,
    StreamService,
    SsePublisher,
  ],
  exports: [SsePublisher, StreamService, StreamAdmission, EventLog, StreamMetrics, SSE_LAB_OPTIONS, STREAM_TRANSPORT],
})
export class SseLabModule extends ConfigurableModuleClass {}
