import { Inject } from '@nestjs/common';
import { EventLog } from './event-log/event-log';

/**
 * How a stream reaches the socket: `sse-decorator` is Nest's `@Sse()` (an Observable through its
 * SseStream Transform); `direct` writes the SSE bytes to the response itself, each shared frame
 * encoded once for every stream. Both serve the same route with the same stream underneath.
 */
export type StreamTransportKind = 'sse-decorator' | 'direct';
export const STREAM_TRANSPORTS: readonly StreamTransportKind[] = ['sse-decorator', 'direct'];

/** What `SseLabModule.forRoot` (or `forRootAsync`'s factory) takes; every field has a default. */
export interface SseLabOptions {
  /** A named `heartbeat` event every this many ms on every stream (default 30 000). */
  heartbeatMs?: number;
  /** The `retry:` sent with each stream's hello, spread per connection by `retryJitterPct` (default 3 000). */
  retryMs?: number;
  /** Each connection's `retry:` is drawn uniformly from retryMs ± this percentage (default 50), so reconnects spread out. */
  retryJitterPct?: number;
  /** A stream whose socket has not drained for this long is ended, its peer gone silent (default 3 heartbeats; 0 = never). */
  deadPeerMs?: number;
  /** A stream holding more than this many KB its client has not taken is ended as a slow client (default 1024; 0 = never). */
  slowClientBufferKb?: number;
  /**
   * A stream is ended with `event: rotate` (a short `retry:`) once it is this old, spread over its last
   * tenth, under a platform's cap on a response (GCP's load balancer: 30 s; Cloud Run: 300 s). 0 = never (default).
   */
  maxStreamMs?: number;
  /** Events each instance keeps to replay to a client that resumes (default 1 000). */
  replaySize?: number;
  /** Streams open at once per client address (default 5; 0 = unlimited). */
  maxStreamsPerIp?: number;
  /** This instance's name in hello frames and logs (default: the host name). */
  instanceId?: string;
  /** The snapshot's payload before anything was published (default null). */
  initialPayload?: unknown;
  /** Where events live (default: this process's memory, `replaySize` of them; `@sse-lab/nest/redis` for replicas). */
  eventLog?: EventLog;
}

/** The options with every default filled in and every value checked. */
export type ResolvedSseLabOptions = Required<Omit<SseLabOptions, 'eventLog'>> & Pick<SseLabOptions, 'eventLog'>;

/** Default `deadPeerMs`, in heartbeats: the check runs once per heartbeat. */
export const DEAD_PEER_HEARTBEATS = 3;
/** The shortest `maxStreamMs` other than 0: a stream must live past its hello and catch-up. */
export const MIN_MAX_STREAM_MS = 1_000;

/** Options that cannot be served; the message names each bad one with its value. */
export class SseLabOptionsError extends Error {
  override readonly name = 'SseLabOptionsError';
}

type NumericOption = Exclude<keyof SseLabOptions, 'instanceId' | 'initialPayload' | 'eventLog'>;
const OTHER_OPTIONS = ['instanceId', 'initialPayload', 'eventLog'];

const RANGES: Record<NumericOption, [min: number, max: number, unit: string]> = {
  heartbeatMs: [100, 3_600_000, 'milliseconds'],
  retryMs: [100, 600_000, 'milliseconds'],
  retryJitterPct: [0, 90, 'percent of retryMs'],
  deadPeerMs: [0, 86_400_000, 'milliseconds, 0 never ends a stream for a silent peer'],
  slowClientBufferKb: [0, 1_048_576, 'KB, 0 never ends a stream for a slow client'],
  maxStreamMs: [0, 86_400_000, 'milliseconds, 0 never ends a stream for its age'],
  replaySize: [1, 1_000_000, 'events'],
  maxStreamsPerIp: [0, 1_000_000, 'streams, 0 means unlimited'],
};

const shown = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value));

/** Fills in the defaults and checks every option, naming each bad one (all of them in one error). */
export function resolveOptions(options: SseLabOptions = {}, hostname = 'sse'): ResolvedSseLabOptions {
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (!OTHER_OPTIONS.includes(key) && !(key in RANGES)) problems.push(`${key}: not an option of SseLabModule`);
  }
  for (const [key, [min, max, unit]] of Object.entries(RANGES)) {
    const value = options[key as NumericOption];
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
      problems.push(`${key}=${shown(value)}: expected an integer from ${min} to ${max} (${unit})`);
  }
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const deadPeerMs = options.deadPeerMs ?? DEAD_PEER_HEARTBEATS * heartbeatMs;
  if (deadPeerMs > 0 && deadPeerMs < heartbeatMs)
    problems.push(
      `deadPeerMs=${deadPeerMs}: expected 0 or at least heartbeatMs (${heartbeatMs}): the check runs once per heartbeat`,
    );
  const maxStreamMs = options.maxStreamMs ?? 0;
  if (maxStreamMs > 0 && maxStreamMs < MIN_MAX_STREAM_MS)
    problems.push(
      `maxStreamMs=${maxStreamMs}: expected 0 or at least ${MIN_MAX_STREAM_MS}: a stream must live past its hello and catch-up`,
    );
  if (options.instanceId !== undefined && (typeof options.instanceId !== 'string' || options.instanceId === ''))
    problems.push(`instanceId=${JSON.stringify(options.instanceId)}: expected a non-empty name`);
  if (options.eventLog !== undefined && !(options.eventLog instanceof EventLog))
    problems.push('eventLog: expected an EventLog (MemoryEventLog, or RedisEventLog from @sse-lab/nest/redis)');
  if (problems.length > 0) throw new SseLabOptionsError(`SseLabModule options:\n  ${problems.join('\n  ')}`);
  return {
    heartbeatMs,
    retryMs: options.retryMs ?? 3_000,
    retryJitterPct: options.retryJitterPct ?? 50,
    deadPeerMs,
    slowClientBufferKb: options.slowClientBufferKb ?? 1024,
    maxStreamMs,
    replaySize: options.replaySize ?? 1_000,
    maxStreamsPerIp: options.maxStreamsPerIp ?? 5,
    instanceId: options.instanceId ?? hostname,
    initialPayload: options.initialPayload ?? null,
    eventLog: options.eventLog,
  };
}

/** The resolved options, injectable in the module's providers. */
export const SSE_LAB_OPTIONS = Symbol('SSE_LAB_OPTIONS');
export const InjectSseLabOptions = (): ParameterDecorator => Inject(SSE_LAB_OPTIONS);
