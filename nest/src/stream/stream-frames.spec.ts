import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../event-log/log-event';
import {
  dataFrame,
  heartbeatFrame,
  helloFrame,
  resetFrame,
  rotateFrame,
  rotationAfterMs,
  rotationRetryMs,
} from './stream-frames';

/** What Nest's SseStream writes for a frame: `event:`, `id:`, `retry:` and `data:` lines, then a blank line. */
const wire = (frame: { type?: string; id?: string; retry?: number; data?: unknown }) =>
  `${frame.type ? `event: ${frame.type}\n` : ''}id: ${frame.id}\n${frame.retry === undefined ? '' : `retry: ${frame.retry}\n`}data: ${typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data)}\n\n`;

describe('stream frames', () => {
  const event: LogEvent = {
    id: 'beef0000-7',
    seq: 7,
    ts: 1_700_000_000_000,
    payload: { activeUsers: 3 },
  } as unknown as LogEvent;

  it('carry their size, measured when built, at least what the wire takes', () => {
    const frames = [
      helloFrame('beef0000-0', {
        bootId: 'beef0000',
        heartbeatMs: 1000,
        retryMs: 500,
        lastId: 'beef0000-0',
        clientIp: '1.1.1.1',
        instance: 'app-1',
        eventLog: 'memory',
      }),
      dataFrame(event),
      heartbeatFrame('beef0000-7'),
      resetFrame('beef0000-7', 'too-old', 'beef0000'),
      rotateFrame('beef0000-7', 420, 29_000),
    ];
    for (const frame of frames) {
      const bytes = wire(frame).length;
      expect(frame.bytes, frame.type ?? 'message').toBeGreaterThanOrEqual(bytes);
      expect(frame.bytes, frame.type ?? 'message').toBeLessThan(bytes + 40);
    }
  });

  it('build one data frame per event, shared by every stream', () => {
    expect(dataFrame(event)).toBe(dataFrame(event));
  });

  it("draw a rotation in MAX_STREAM_MS's last tenth, and its retry: from 100 ms to 1 s", () => {
    expect([0, 0.5, 1].map((draw) => rotationAfterMs(30_000, () => draw))).toEqual([30_000, 28_500, 27_000]);
    expect([0, 0.5, 1].map((draw) => rotationRetryMs(() => draw))).toEqual([100, 550, 1_000]);
  });
});
