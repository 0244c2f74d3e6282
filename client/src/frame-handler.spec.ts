import { describe, expect, it } from 'vitest';
import type { RawFrame, StreamMessage } from './event-stream-options.js';
import { FrameHandler } from './frame-handler.js';
import { StreamTelemetry } from './stream-telemetry.js';

const hello = (lastId: string, heartbeatMs = 1000): RawFrame => ({
  type: 'hello',
  id: lastId,
  data: JSON.stringify({
    bootId: lastId.split('-')[0],
    heartbeatMs,
    retryMs: 500,
    lastId,
    clientIp: '127.0.0.1',
    instance: 'app-1',
  }),
});
const data = (id: string): RawFrame => ({
  type: 'message',
  id,
  data: JSON.stringify({ seq: Number(id.split('-')[1]), ts: 0, payload: {} }),
});
const heartbeat = (lastId: string): RawFrame => ({
  type: 'heartbeat',
  id: lastId,
  data: JSON.stringify({ ts: 0, lastId }),
});
const reset = (lastId: string): RawFrame => ({
  type: 'reset',
  id: lastId,
  data: JSON.stringify({ reason: 'too-old', bootId: lastId.split('-')[0], lastId, snapshot: '/api/snapshot' }),
});

function handler(deliverOnce: boolean) {
  const telemetry = new StreamTelemetry(
    'open',
    () => 0,
    () => undefined,
  );
  const delivered: StreamMessage[] = [];
  const frames = new FrameHandler(telemetry, {
    heartbeatMs: 30_000,
    position: 'aaaa0000-3',
    deliverOnce,
    onMessage: (m) => delivered.push(m),
  });
  return { telemetry, frames, delivered };
}

describe('FrameHandler', () => {
  it('learns the stream from a hello and follows the position through data, heartbeats and resets', () => {
    const { telemetry, frames } = handler(false);
    expect(frames.position).toBe('aaaa0000-3');
    frames.apply(hello('beef0000-7', 1500));
    expect(frames).toMatchObject({
      heartbeatMs: 1500,
      retryMs: 500,
      bootId: 'beef0000',
      instance: 'app-1',
      position: 'beef0000-7',
    });
    frames.apply(data('beef0000-8'));
    frames.apply(heartbeat('beef0000-9'));
    expect(frames.position).toBe('beef0000-9');
    frames.apply(reset('cafe0000-2'));
    expect(frames.position).toBe('cafe0000-2');
    expect(telemetry.counters).toMatchObject({ events: 1, heartbeats: 1, resets: 1, gaps: 0, lastId: 'beef0000-8' });
  });

  it('counts a frame that breaks the contract as malformed and changes nothing else', () => {
    const { telemetry, frames, delivered } = handler(false);
    expect(frames.apply({ type: 'hello', id: 'x', data: '{"bootId":1}' })).toBe(false);
    expect(frames.apply({ type: 'message', id: 'beef0000-1', data: 'not json' })).toBe(false);
    expect(frames.apply({ type: 'heartbeat', id: '', data: '{}' })).toBe(false);
    expect(telemetry.counters).toMatchObject({ malformed: 3, events: 0, heartbeats: 0 });
    expect(frames).toMatchObject({ heartbeatMs: 30_000, bootId: null, position: 'aaaa0000-3' });
    expect(delivered).toEqual([]);
  });

  it('delivers every data event a tab of its own receives, duplicates included (they are evidence)', () => {
    const { telemetry, frames, delivered } = handler(false);
    frames.apply(hello('beef0000-0'));
    ['beef0000-1', 'beef0000-2', 'beef0000-2'].forEach((id) => frames.apply(data(id)));
    expect(delivered.map((m) => m.id)).toEqual(['beef0000-1', 'beef0000-2', 'beef0000-2']);
    expect(telemetry.counters).toMatchObject({ events: 3, duplicates: 1 });
  });

  it('with deliverOnce, records a data event already delivered without delivering it again', () => {
    const { telemetry, frames, delivered } = handler(true);
    frames.apply(hello('beef0000-0'));
    ['beef0000-1', 'beef0000-2', 'beef0000-1', 'beef0000-2', 'beef0000-3'].forEach((id) => frames.apply(data(id)));
    expect(delivered.map((m) => m.id)).toEqual(['beef0000-1', 'beef0000-2', 'beef0000-3']);
    expect(telemetry.counters).toMatchObject({ events: 3, lastId: 'beef0000-3' });
  });

  it('does not swallow an error thrown by the app while it handles a message', () => {
    const telemetry = new StreamTelemetry(
      'open',
      () => 0,
      () => undefined,
    );
    const frames = new FrameHandler(telemetry, {
      heartbeatMs: 1000,
      position: null,
      deliverOnce: false,
      onMessage: () => {
        throw new SyntaxError('the app failed');
      },
    });
    expect(() => frames.apply(data('beef0000-1'))).toThrow('the app failed');
    expect(telemetry.counters.malformed).toBe(0);
  });
});
