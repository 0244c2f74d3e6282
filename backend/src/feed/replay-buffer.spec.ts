import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer';

const item = (seq: number) => ({ seq });

describe('ReplayBuffer', () => {
  it('should keep items in order while below capacity', () => {
    const buffer = new ReplayBuffer(3);
    [1, 2].forEach((seq) => buffer.push(item(seq)));
    expect(buffer.after(0).map((i) => i.seq)).toEqual([1, 2]);
    expect(buffer.oldest()?.seq).toBe(1);
    expect(buffer.last()?.seq).toBe(2);
  });

  it('should evict the oldest items once full', () => {
    const buffer = new ReplayBuffer(3);
    [1, 2, 3, 4, 5].forEach((seq) => buffer.push(item(seq)));
    expect(buffer.length).toBe(3);
    expect(buffer.oldest()?.seq).toBe(3);
    expect(buffer.after(0).map((i) => i.seq)).toEqual([3, 4, 5]);
  });

  it('should return only the items after a sequence number', () => {
    const buffer = new ReplayBuffer(10);
    for (let seq = 1; seq <= 25; seq++) buffer.push(item(seq));
    expect(buffer.after(20).map((i) => i.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(buffer.after(25)).toEqual([]);
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
    expect(buffer.after(0)).toEqual([]);
  });
});
