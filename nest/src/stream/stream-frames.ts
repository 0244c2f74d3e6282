import type { MessageEvent } from '@nestjs/common';
import {
  FRAME,
  type HeartbeatData,
  type HelloData,
  type ResetData,
  type ResetReason,
  type RotateData,
} from '@sse-lab/contract';
import type { LogEvent } from '../event-log/log-event';

/**
 * A frame as Nest's `@Sse()` writes it, with its size on the wire measured once, when it is
 * built: shared frames (a data event, a tick's heartbeat) are measured once for every stream.
 */
export interface Frame extends MessageEvent {
  /** About the bytes the frame takes on the wire (fields, names, separators; not chunk framing). */
  readonly bytes: number;
}

const sized = (frame: MessageEvent): Frame => {
  const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
  const bytes =
    data.length + String(frame.id ?? '').length + (frame.type?.length ?? 0) + (frame.retry === undefined ? 0 : 16) + 24;
  return { ...frame, bytes };
};

/*
 * Every frame carries an explicit id: NestJS numbers id-less events per connection ("1", "2"…),
 * which would overwrite the browser's Last-Event-ID with a meaningless counter.
 * Non-data frames repeat the id of the last data event the client has.
 */
export const helloFrame = (id: string, data: HelloData): Frame =>
  sized({ type: FRAME.hello, id, retry: data.retryMs, data });

const dataFrames = new WeakMap<LogEvent, Frame>();

/** One frame per event, shared by every stream: its JSON is serialized once, not once per client. */
export const dataFrame = (event: LogEvent): Frame => {
  let frame = dataFrames.get(event);
  if (!frame) {
    frame = sized({ id: event.id, data: JSON.stringify({ seq: event.seq, ts: event.ts, payload: event.payload }) });
    dataFrames.set(event, frame);
  }
  return frame;
};

/** Serialized here, as streams at the same id share the frame: Nest would stringify an object once per stream. */
export const heartbeatFrame = (lastId: string): Frame =>
  sized({
    type: FRAME.heartbeat,
    id: lastId,
    data: JSON.stringify({ ts: Date.now(), lastId } satisfies HeartbeatData),
  });

export const resetFrame = (lastId: string, reason: ResetReason, bootId: string): Frame =>
  sized({
    type: FRAME.reset,
    id: lastId,
    data: { reason, bootId, lastId, snapshot: '/api/snapshot' } satisfies ResetData,
  });

/** The last frame of a stream that reached MAX_STREAM_MS: its `retry:` tells the browser when to come back. */
export const rotateFrame = (lastId: string, retryMs: number, openMs: number): Frame =>
  sized({
    type: FRAME.rotate,
    id: lastId,
    retry: retryMs,
    data: { reason: 'max-duration', lastId, retryMs, openMs } satisfies RotateData,
  });

/** The metrics label of a frame: data events are dispatched as `message` by EventSource. */
export const frameType = (frame: MessageEvent): string => frame.type ?? FRAME.data;

/** RETRY_MS spread uniformly by ± jitterPct, so the first reconnect wave after a restart is not lock-step. */
export const spreadRetryMs = (retryMs: number, jitterPct: number, random: () => number = Math.random): number =>
  Math.round(retryMs * (1 + (jitterPct / 100) * (2 * random() - 1)));

/**
 * When a stream is ended for its age: within the last tenth of MAX_STREAM_MS, drawn per
 * connection, so streams opened in the same second (after a deploy) do not all end in the same one.
 */
export const rotationAfterMs = (maxStreamMs: number, random: () => number = Math.random): number =>
  Math.round(maxStreamMs * (1 - 0.1 * random()));

/** The `retry:` of a rotate frame: short (the stream ended on purpose), from 100 ms to 1 s, drawn per connection. */
export const ROTATION_RETRY_MS = { min: 100, max: 1_000 };
export const rotationRetryMs = (random: () => number = Math.random): number =>
  Math.round(ROTATION_RETRY_MS.min + (ROTATION_RETRY_MS.max - ROTATION_RETRY_MS.min) * random());
