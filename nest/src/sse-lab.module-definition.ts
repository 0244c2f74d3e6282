import { ConfigurableModuleBuilder, type Type } from '@nestjs/common';
import { NoStreamMetrics, StreamMetrics } from './metrics/stream-metrics';
import { type SseLabOptions, type StreamTransportKind } from './options';
import { snapshotControllerAt, streamControllerAt } from './stream/stream-controllers';

/** Chosen when the module is imported (controllers are known then), beside the options `forRootAsync` may resolve later. */
export interface SseLabExtras {
  /** The stream's route (default `stream`; under the app's global prefix, if any). */
  path: string;
  /** The snapshot's route, what a client re-syncs from after `event: reset` (default `snapshot`). */
  snapshotPath: string;
  /** How frames reach the socket: Nest's `@Sse()` (default) or `direct`, encoded once for every stream. */
  transport: StreamTransportKind;
  /** What counts the stream: nothing (default), `PrometheusStreamMetrics` from `@sse-lab/nest/prometheus`, or an app's own. */
  metrics?: Type<StreamMetrics>;
  /** Makes `SsePublisher` injectable everywhere without importing the module again. */
  isGlobal: boolean;
}

export const STREAM_TRANSPORT = Symbol('STREAM_TRANSPORT');

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<SseLabOptions>({ moduleName: 'SseLab' })
    .setClassMethodName('forRoot')
    .setExtras<SseLabExtras>(
      { path: 'stream', snapshotPath: 'snapshot', transport: 'sse-decorator', metrics: undefined, isGlobal: false },
      (definition, extras) => ({
        ...definition,
        global: extras.isGlobal,
        exports: [...(definition.exports ?? []), ...(extras.metrics ? [extras.metrics] : [])],
        controllers: [streamControllerAt(extras.path, extras.transport), snapshotControllerAt(extras.snapshotPath)],
        providers: [
          ...(definition.providers ?? []),
          { provide: StreamMetrics, useClass: extras.metrics ?? NoStreamMetrics },
          // The app may inject its metrics by their own class too (a registry to expose).
          ...(extras.metrics ? [{ provide: extras.metrics, useExisting: StreamMetrics }] : []),
          { provide: STREAM_TRANSPORT, useValue: extras.transport },
        ],
      }),
    )
    .build();
