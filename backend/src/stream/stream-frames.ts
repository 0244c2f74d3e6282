import type { MessageEvent } from '@nestjs/common';
import { FRAME, type HeartbeatData, type HelloData, type ResetData, type ResetReason } from '@sse-lab/contract';
import type { FeedEvent } from '../feed/feed-event';

/*
 * Every frame carries an explicit id: NestJS numbers id-less events per connection ("1", "2"…),
 * which would overwrite the browser's Last-Event-ID with a meaningless counter.
 * Non-data frames repeat the id of the last data event the client has.
 */
export const helloFrame = (id: string, data: HelloData): MessageEvent => ({
  type: FRAME.hello,
  id,
  retry: data.retryMs,
  data,
});

const dataFrames = new WeakMap<FeedEvent, MessageEvent>();

/** One frame per event, shared by every stream: its JSON is serialized once, not once per client. */
export const dataFrame = (event: FeedEvent): MessageEvent => {
  let frame = dataFrames.get(event);
  if (!frame) {
    frame = { id: event.id, data: JSON.stringify({ seq: event.seq, ts: event.ts, kpis: event.kpis }) };
    dataFrames.set(event, frame);
  }
  return frame;
};

/** Serialized here, as streams at the same id share the frame: Nest would stringify an object once per stream. */
export const heartbeatFrame = (lastId: string): MessageEvent => ({
  type: FRAME.heartbeat,
  id: lastId,
  data: JSON.stringify({ ts: Date.now(), lastId } satisfies HeartbeatData),
});

export const resetFrame = (lastId: string, reason: ResetReason, bootId: string): MessageEvent => ({
  type: FRAME.reset,
  id: lastId,
  data: { reason, bootId, lastId, snapshot: '/api/snapshot' } satisfies ResetData,
});

const frameSizes = new WeakMap<MessageEvent, number>();

/**
 * About the bytes a frame takes on the wire (fields, names, separators; not chunk framing), to
 * account what a client has not taken yet. Shared data frames are measured once.
 */
export const frameBytes = (frame: MessageEvent): number => {
  let size = frameSizes.get(frame);
  if (size === undefined) {
    const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
    size = data.length + String(frame.id ?? '').length + (frame.type?.length ?? 0) + (frame.retry === undefined ? 0 : 16) + 24;
    frameSizes.set(frame, size);
  }
  return size;
};

/** The metrics label of a frame: data events are dispatched as `message` by EventSource. */
export const frameType = (frame: MessageEvent): string => frame.type ?? FRAME.data;

/** RETRY_MS spread uniformly by ± jitterPct, so the first reconnect wave after a restart is not lock-step. */
export const spreadRetryMs = (retryMs: number, jitterPct: number, random: () => number = Math.random): number =>
  Math.round(retryMs * (1 + (jitterPct / 100) * (2 * random() - 1)));
