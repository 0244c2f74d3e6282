import type { MessageEvent } from '@nestjs/common';
import { SseStream } from '@nestjs/core/router/sse-stream';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodedFrame, encodeSse, STREAM_PREAMBLE } from './sse-encoding';
import { dataFrame, heartbeatFrame, helloFrame, resetFrame } from './stream-frames';

/** What Nest's own SseStream writes for these frames, after the headers. */
async function writtenByNest(frames: MessageEvent[]): Promise<string> {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const sse = new SseStream();
  sse.pipe(sink);
  // A copy each: writeMessage numbers a frame without an id (the lab's frames all have one).
  for (const frame of frames) sse.writeMessage({ ...frame }, () => undefined);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return written;
}

const frames: MessageEvent[] = [
  helloFrame('cafe0000-7', {
    bootId: 'cafe0000',
    heartbeatMs: 1000,
    retryMs: 1500,
    lastId: 'cafe0000-7',
    clientIp: '127.0.0.1',
    instance: 'app-1',
    eventLog: 'memory',
  }),
  dataFrame({
    id: 'cafe0000-8',
    seq: 8,
    ts: 1,
    payload: { activeUsers: 1, ordersPerMinute: 2, errorRatePct: 0.5, p95LatencyMs: 120 },
  }),
  heartbeatFrame('cafe0000-8'),
  resetFrame('cafe0000-8', 'too-old', 'cafe0000'),
  // What the contract never sends, but the encoder must frame as Nest does: lines in data, line breaks in a field.
  { type: 'odd\r\ntype', id: 'a\nb', data: 'one\ntwo\r\nthree\rfour' },
  { id: 'cafe0000-9', data: { nested: true } },
];

describe("the direct transport's SSE encoding", () => {
  it("writes every frame byte for byte as Nest's @Sse() does", async () => {
    expect(STREAM_PREAMBLE.toString() + frames.map(encodeSse).join('')).toBe(await writtenByNest(frames));
  });

  it('encodes a shared frame once: every stream is handed the same buffer', () => {
    const heartbeat = heartbeatFrame('cafe0000-9');
    expect(encodedFrame(heartbeat)).toBe(encodedFrame(heartbeat));
    expect(encodedFrame(heartbeat).toString()).toBe(encodeSse(heartbeat));
  });
});
