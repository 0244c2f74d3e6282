import { describe, expect, it } from 'vitest';
import { decodeData, decodeHeartbeat, decodeHello, decodeReset, decodeRotate, FrameError } from './frames.js';

const hello = { bootId: '0a1b2c3d', heartbeatMs: 1000, retryMs: 500, lastId: '0a1b2c3d-4', clientIp: '10.0.0.1' };

describe('frame decoders', () => {
  it('should decode frames that match the contract', () => {
    expect(decodeHello(JSON.stringify(hello))).toEqual(hello);
    expect(decodeHeartbeat('{"ts":1,"lastId":"0a1b2c3d-4"}')).toEqual({ ts: 1, lastId: '0a1b2c3d-4' });
    expect(
      decodeReset('{"reason":"too-old","bootId":"0a1b2c3d","lastId":"0a1b2c3d-9","snapshot":"/api/snapshot"}').reason,
    ).toBe('too-old');
    expect(decodeData('{"seq":4,"ts":1,"payload":{}}').seq).toBe(4);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['not an object', '42', /not an object/],
    ['a missing field', JSON.stringify({ ...hello, bootId: undefined }), /"bootId" is not a string/],
    ['a wrong type', JSON.stringify({ ...hello, heartbeatMs: '1000' }), /"heartbeatMs" is not a number/],
    ['a zero heartbeat', JSON.stringify({ ...hello, heartbeatMs: 0 }), /not positive/],
  ])('should refuse a hello with %s, naming the problem', (_label, raw, message) => {
    expect(() => decodeHello(raw)).toThrow(FrameError);
    expect(() => decodeHello(raw)).toThrow(message);
  });

  it('should refuse a reset with a reason outside the contract', () => {
    expect(() => decodeReset('{"reason":"whim","bootId":"a","lastId":"a-1","snapshot":"/s"}')).toThrow(
      /unknown reason "whim"/,
    );
  });

  it('should decode a rotate frame, and refuse one with a reason outside the contract', () => {
    const rotate = { reason: 'max-duration', lastId: '0a1b2c3d-9', retryMs: 420, openMs: 29_000 };
    expect(decodeRotate(JSON.stringify(rotate))).toEqual(rotate);
    expect(() => decodeRotate(JSON.stringify({ ...rotate, reason: 'whim' }))).toThrow(
      /malformed rotate frame: unknown reason "whim"/,
    );
    expect(() => decodeRotate(JSON.stringify({ ...rotate, retryMs: null }))).toThrow(/"retryMs" is not a number/);
  });

  it('should refuse a data event whose payload is null or missing, and take any other JSON value as the payload', () => {
    expect(() => decodeData('{"seq":1,"ts":1,"payload":null}')).toThrow(/"payload" is missing/);
    expect(() => decodeData('{"seq":1,"ts":1,"kpis":{}}')).toThrow(/"payload" is missing/);
    expect(decodeData<number[]>('{"seq":1,"ts":1,"payload":[3,4]}').payload).toEqual([3, 4]);
    expect(decodeData<string>('{"seq":1,"ts":1,"payload":"up"}').payload).toBe('up');
  });
});
