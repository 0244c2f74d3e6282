import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer';

const item = (seq: number) => ({ seq });

describe('ReplayBuffer', () => {
  it('should keep items in order while below capacity', () => {
    const buffer = new ReplayBuffer(3);
    [1, 2].forEach((seq) => buffer.push(item(seq)));
    expect([...buffer.since(0)].map((i) => i.seq)).toEqual([1, 2]);
    expect(buffer.oldest()?.seq).toBe(1);
    expect(buffer.last()?.seq).toBe(2);
  });

  it('should evict the oldest items once full', () => {
    const buffer = new ReplayBuffer(3);
    [1, 2, 3, 4, 5].forEach((seq) => buffer.push(item(seq)));
    expect(buffer.length).toBe(3);
    expect(buffer.oldest()?.seq).toBe(3);
    expect([...buffer.since(0)].map((i) => i.seq)).toEqual([3, 4, 5]);
  });

  it('should return only the items after a sequence number', () => {
    const buffer = new ReplayBuffer(10);
    for (let seq = 1; seq <= 25; seq++) buffer.push(item(seq));
    expect([...buffer.since(20)].map((i) => i.seq)).toEqual([21, 22, 23, 24, 25]);
    expect([...buffer.since(25)]).toEqual([]);
    expect(buffer.countAfter(20)).toBe(5);
    expect(buffer.countAfter(0)).toBe(10);
  });

  it('should walk a large ring without building an array', () => {
    const buffer = new ReplayBuffer(500_000);
    for (let seq = 1; seq <= 600_000; seq++) buffer.push(item(seq));
    const walk = buffer.since(100_000);
    expect(Array.isArray(walk)).toBe(false);
    let count = 0;
    let last = 0;
    for (const { seq } of walk) {
      if (seq !== last + 1 && last !== 0) throw new Error(`${seq} after ${last}`);
      last = seq;
      count++;
    }
    expect([count, last]).toEqual([500_000, 600_000]);
  });

  it('should refuse a sequence that does not increase', () => {
    const buffer = new ReplayBuffer(2);
    buffer.push(item(5));
    expect(() => buffer.push(item(5))).toThrow(RangeError);
  });

  it('should refuse a capacity below 1', () => {
    expect(() => new ReplayBuffer(0)).toThrow(/positive integer/);
  });

  it('should be empty at first', () => {
    const buffer = new ReplayBuffer(2);
    expect(buffer.oldest()).toBeUndefined();
    expect(buffer.last()).toBeUndefined();
    expect([...buffer.since(0)]).toEqual([]);
    expect(buffer.countAfter(0)).toBe(0);
  });
});
