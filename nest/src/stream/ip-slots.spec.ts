import { describe, expect, it } from 'vitest';
import { IpSlots } from './ip-slots';

describe('IpSlots', () => {
  it('should accept up to the limit per IP and no more', () => {
    const slots = new IpSlots(2);
    expect([slots.tryAcquire('a'), slots.tryAcquire('a'), slots.tryAcquire('a')]).toEqual([true, true, false]);
    expect(slots.tryAcquire('b')).toBe(true);
    expect(slots.total).toBe(3);
  });

  it('should free a slot on release', () => {
    const slots = new IpSlots(1);
    slots.tryAcquire('a');
    slots.release('a');
    expect(slots.count('a')).toBe(0);
    expect(slots.tryAcquire('a')).toBe(true);
  });

  it('should treat a limit of 0 as unlimited', () => {
    const slots = new IpSlots(0);
    for (let i = 0; i < 1000; i++) expect(slots.tryAcquire('a')).toBe(true);
    expect(slots.count('a')).toBe(1000);
  });

  it('should never count below zero', () => {
    const slots = new IpSlots(1);
    slots.release('ghost');
    expect(slots.total).toBe(0);
  });
});
