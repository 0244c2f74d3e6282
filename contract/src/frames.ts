import { RESET_REASONS, type ResetReason } from './reset-reasons.js';

/** Event names on the wire. Data events have no `event:` line, so EventSource dispatches them as `message`. */
export const FRAME = {
  hello: 'hello',
  heartbeat: 'heartbeat',
  reset: 'reset',
  rotate: 'rotate',
  data: 'message',
} as const;
export type FrameType = (typeof FRAME)[keyof typeof FRAME];

/**
 * Payload of a data event: the app's own payload (any JSON value but `null`), numbered and timed
 * by the stream. The demo's is its KPIs; the contract does not look inside it.
 */
export interface DataPayload<T = unknown> {
  seq: number;
  /** Server time of emission (ms since epoch): clients measure delivery latency from it. */
  ts: number;
  payload: T;
}

/** Payload of `event: hello`, the first frame of every stream. */
export interface HelloData {
  /** The id space of the events: this process's boot (memory log) or the shared log's epoch (redis log). */
  bootId: string;
  heartbeatMs: number;
  /** The `retry:` this connection was sent: RETRY_MS spread by RETRY_JITTER_PCT. */
  retryMs: number;
  lastId: string;
  /** The address the per-IP limit counts this stream under (after TRUST_PROXY). */
  clientIp: string;
  /** The replica that serves this stream (INSTANCE_ID). */
  instance?: string;
  /** Where the events live: `memory` (ids scoped to this process) or `redis` (shared by every replica). */
  eventLog?: 'memory' | 'redis';
}

export interface HeartbeatData {
  ts: number;
  lastId: string;
}

export interface ResetData {
  reason: ResetReason;
  bootId: string;
  lastId: string;
  /** Where to re-sync from. */
  snapshot: string;
}

/**
 * Payload of `event: rotate`, the last frame of a stream the server ends because it reached its
 * age (MAX_STREAM_MS, before a platform's cap on a response): the frame's `retry:` is short and
 * spread per connection, and the browser's reconnection resumes from `lastId` with nothing lost.
 */
export interface RotateData {
  reason: 'max-duration';
  lastId: string;
  /** The `retry:` this frame carries: when the browser reconnects. */
  retryMs: number;
  /** How long the stream was open. */
  openMs: number;
}

/** `GET /api/snapshot`: what a client re-syncs from after `event: reset`: the last payload, or the app's initial one. */
export interface Snapshot<T = unknown> {
  /** The id space of the events: the process's boot (memory log) or the shared log's epoch (redis log). */
  bootId: string;
  lastId: string;
  ts: number;
  payload: T;
  /** The replica that answered. */
  instance?: string;
}

/** A frame whose payload does not match the contract. */
export class FrameError extends Error {
  constructor(
    readonly frame: FrameType,
    reason: string,
  ) {
    super(`malformed ${frame} frame: ${reason}`);
  }
}

type Shape = Record<string, 'string' | 'number' | 'object'>;

function decode<T>(frame: FrameType, raw: string, shape: Shape, check?: (value: T) => string | undefined): T {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new FrameError(frame, 'not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new FrameError(frame, 'not an object');
  for (const [key, type] of Object.entries(shape)) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field !== type || field === null || (type === 'number' && !Number.isFinite(field)))
      throw new FrameError(frame, `"${key}" is not ${type === 'object' ? 'an object' : `a ${type}`}`);
  }
  const problem = check?.(value as T);
  if (problem) throw new FrameError(frame, problem);
  return value as T;
}

export const decodeHello = (raw: string): HelloData =>
  decode<HelloData>(
    FRAME.hello,
    raw,
    { bootId: 'string', heartbeatMs: 'number', retryMs: 'number', lastId: 'string', clientIp: 'string' },
    (hello) => (hello.heartbeatMs > 0 ? undefined : '"heartbeatMs" is not positive'),
  );

export const decodeHeartbeat = (raw: string): HeartbeatData =>
  decode<HeartbeatData>(FRAME.heartbeat, raw, { ts: 'number', lastId: 'string' });

export const decodeReset = (raw: string): ResetData =>
  decode<ResetData>(
    FRAME.reset,
    raw,
    { reason: 'string', bootId: 'string', lastId: 'string', snapshot: 'string' },
    (reset) => (RESET_REASONS.includes(reset.reason) ? undefined : `unknown reason "${reset.reason}"`),
  );

export const decodeRotate = (raw: string): RotateData =>
  decode<RotateData>(
    FRAME.rotate,
    raw,
    { reason: 'string', lastId: 'string', retryMs: 'number', openMs: 'number' },
    (rotate) => (rotate.reason === 'max-duration' ? undefined : `unknown reason "${rotate.reason}"`),
  );

/** A data event's frame; its payload is the app's, checked only for being there (`T` is the caller's word). */
export const decodeData = <T = unknown>(raw: string): DataPayload<T> =>
  decode<DataPayload<T>>(FRAME.data, raw, { seq: 'number', ts: 'number' }, (data) =>
    data.payload === undefined || data.payload === null ? '"payload" is missing' : undefined,
  );
