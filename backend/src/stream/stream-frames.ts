import type { MessageEvent } from '@nestjs/common';
import type { FeedEvent, ResetReason } from '../feed/feed-event';

export interface HelloData {
  bootId: string;
  heartbeatMs: number;
  lastId: string;
  /** The address the per-IP limit counts this stream under (after TRUST_PROXY). */
  clientIp: string;
}

/*
 * Every frame carries an explicit id: NestJS numbers id-less events per connection ("1", "2"…),
 * which would overwrite the browser's Last-Event-ID with a meaningless counter.
 * Non-data frames repeat the id of the last data event the client has.
 */
export const helloFrame = (id: string, retryMs: number, data: HelloData): MessageEvent => ({
  type: 'hello',
  id,
  retry: retryMs,
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

export const heartbeatFrame = (lastId: string): MessageEvent => ({
  type: 'heartbeat',
  id: lastId,
  data: { ts: Date.now(), lastId },
});

export const resetFrame = (lastId: string, reason: ResetReason, bootId: string): MessageEvent => ({
  type: 'reset',
  id: lastId,
  data: { reason, bootId, lastId, snapshot: '/api/snapshot' },
});

/** The metrics label of a frame: data events are dispatched as `message` by EventSource. */
export const frameType = (frame: MessageEvent): string => frame.type ?? 'message';
