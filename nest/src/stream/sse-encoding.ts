import type { MessageEvent } from '@nestjs/common';

/**
 * The response headers of an event stream, as Nest's `@Sse()` sends them: the same on both
 * transports, so that proxies and browsers see no difference.
 */
export const EVENT_STREAM_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  Pragma: 'no-cache',
  Expire: '0',
  'X-Accel-Buffering': 'no',
};

/** What `@Sse()` writes right after the headers: an empty line, which makes a proxy pass the headers on. */
export const STREAM_PREAMBLE = Buffer.from('\n');

const oneLine = (value: unknown) => String(value).replace(/[\r\n]/g, '');
const dataLines = (data: string) =>
  data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');

/** One frame in the SSE wire format, field for field and byte for byte what Nest's SseStream writes. */
export function encodeSse(frame: MessageEvent): string {
  let text = frame.type ? `event: ${oneLine(frame.type)}\n` : '';
  if (frame.id !== undefined && frame.id !== null) text += `id: ${oneLine(frame.id)}\n`;
  if (frame.retry !== undefined && frame.retry !== null) text += `retry: ${oneLine(frame.retry)}\n`;
  if (frame.data !== undefined && frame.data !== null)
    text += dataLines(typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data));
  return `${text}\n`;
}

const encoded = new WeakMap<MessageEvent, Buffer>();

/**
 * The frame's bytes, encoded once per frame object: a data event and a tick's heartbeat are one
 * object for every stream, so a broadcast costs one encoding, and every socket is handed the
 * same buffer.
 */
export function encodedFrame(frame: MessageEvent): Buffer {
  let bytes = encoded.get(frame);
  if (!bytes) {
    bytes = Buffer.from(encodeSse(frame));
    encoded.set(frame, bytes);
  }
  return bytes;
}
