import { describe, expect, it } from 'vitest';
import { formatEventId, parseEventId } from './event-id.js';

describe('event ids', () => {
  it('should round-trip boot id and sequence', () => {
    expect(parseEventId(formatEventId('0a1b2c3d', 42))).toEqual({ bootId: '0a1b2c3d', seq: 42 });
    expect(parseEventId('0a1b2c3d-0')).toEqual({ bootId: '0a1b2c3d', seq: 0 });
  });

  it.each([
    ['garbage', 'hello'],
    ['empty', ''],
    ['negative', '0a1b2c3d--5'],
    ['no sequence', '0a1b2c3d-'],
    ['leading zero', '0a1b2c3d-007'],
    ['beyond a safe integer', '0a1b2c3d-99999999999999999'],
    ['NUL byte', '0a1b2c3d-1\u0000'],
    ['uppercase boot id', '0A1B2C3D-1'],
    ['short boot id', 'abc-1'],
    ['huge', `0a1b2c3d-${'9'.repeat(5000)}`],
    ['several values', '0a1b2c3d-1,0a1b2c3d-2'],
  ])('should reject a %s id', (_label, raw) => {
    expect(parseEventId(raw)).toBeNull();
  });

  it('should reject non-strings', () => {
    expect(parseEventId(undefined)).toBeNull();
    expect(parseEventId(['0a1b2c3d-1'])).toBeNull();
    expect(parseEventId(7)).toBeNull();
  });
});
