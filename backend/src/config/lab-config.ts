import { Inject } from '@nestjs/common';

export type LogLevelSetting = 'silent' | 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** Express "trust proxy": false, a hop count, or a list of trusted addresses/CIDRs/host names (resolved at start). */
export type TrustProxySetting = false | number | string[];

/** Where events live: this process's memory (one instance), or a Redis stream shared by every replica. */
export type EventLogKind = 'memory' | 'redis';

/**
 * How a stream reaches the socket: `sse-decorator` is Nest's `@Sse()` (an Observable through its
 * SseStream Transform); `direct` writes the SSE bytes to the response itself, each shared frame
 * encoded once for every stream. Both serve the same route with the same stream underneath.
 */
export type StreamTransportKind = 'sse-decorator' | 'direct';

export const STREAM_TRANSPORTS: readonly StreamTransportKind[] = ['sse-decorator', 'direct'];

/** Every knob of the backend, validated once at start (see env.validation.ts). */
export interface LabConfig {
  host: string;
  port: number;
  heartbeatMs: number;
  retryMs: number;
  /** Each connection's `retry:` is drawn uniformly from retryMs ± this percentage, so reconnects spread out. */
  retryJitterPct: number;
  /** A stream whose socket has not drained for this long is ended (its peer stopped acknowledging); 0 = never. */
  deadPeerMs: number;
  /** A stream holding more than this many KB its client has not taken is ended (a slow client); 0 = unbounded. */
  slowClientBufferKb: number;
  /**
   * A stream is ended with `event: rotate` (a short `retry:`) once it is this old, spread over its
   * last tenth so streams opened together do not end together: under a platform's cap on a
   * response's duration (GCP's load balancer, Cloud Run). 0 = never.
   */
  maxStreamMs: number;
  /** 0 disables the demo feed: the stream then carries heartbeats only. */
  tickMs: number;
  replaySize: number;
  /** 0 means unlimited. */
  maxStreamsPerIp: number;
  trustProxy: TrustProxySetting;
  logLevel: LogLevelSetting;
  /** Folder of the built dashboard (frontend/dist) served at `/`. */
  staticDir: string;
  eventLog: EventLogKind;
  /** `redis://[user:password@]host:port[/db]`; required with EVENT_LOG=redis. */
  redisUrl?: string;
  /** Prefix of the Redis keys of the log (stream, epoch, producer lease): replicas sharing it share one feed. */
  eventLogKey: string;
  /** How long the producer role survives its holder without a renewal (a killed replica). */
  producerLeaseMs: number;
  /** This replica's name in logs, hello frames and health (defaults to the host name). */
  instanceId: string;
  streamTransport: StreamTransportKind;
}

export const LAB_CONFIG = Symbol('LAB_CONFIG');

export const InjectLabConfig = (): ParameterDecorator => Inject(LAB_CONFIG);
