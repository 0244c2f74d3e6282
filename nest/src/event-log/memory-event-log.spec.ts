import { describe, expect, it } from 'vitest';
import { formatEventId } from '@sse-lab/contract';
import { EventWindow } from './event-window';
import { memoryFeed } from '../../test/support/memory-feed';
import { MemoryEventLog } from './memory-event-log';

const feedWith = (replaySize: number) => {
  const log = new MemoryEventLog(replaySize);
  return Object.assign(memoryFeed(log), { resume: (id: string | undefined) => log.resume(id) });
};

describe('MemoryEventLog.resume', () => {
  it('should replay exactly the events after the given id', () => {
    const feed = feedWith(10);
    for (let i = 0; i < 5; i++) feed.publish();
    const plan = feed.resume(formatEventId(feed.bootId, 2));
    expect(plan.kind).toBe('replay');
    expect(plan.kind === 'replay' && [...plan.events].map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(plan.kind === 'replay' && plan.count).toBe(3);
  });

  it('should replay nothing for a client that is up to date', () => {
    const feed = feedWith(10);
    feed.publish();
    const plan = feed.resume(feed.lastId);
    expect(plan).toMatchObject({ kind: 'replay', fromId: feed.lastId, count: 0 });
    expect(plan.kind === 'replay' && [...plan.events]).toEqual([]);
  });

  it('should ask for a reset when the id is older than the buffer', () => {
    const feed = feedWith(3);
    for (let i = 0; i < 6; i++) feed.publish();
    expect(feed.resume(formatEventId(feed.bootId, 2))).toEqual({ kind: 'reset', reason: 'too-old' });
    expect(feed.resume(formatEventId(feed.bootId, 3)).kind).toBe('replay');
  });

  it('should ask for a reset when the id comes from another boot', () => {
    const feed = feedWith(3);
    feed.publish();
    expect(feed.resume('ffffffff-1')).toEqual({ kind: 'reset', reason: 'other-boot' });
  });

  it('should ask for a reset when the id is ahead of the feed', () => {
    const feed = feedWith(3);
    expect(feed.resume(formatEventId(feed.bootId, 9))).toEqual({ kind: 'reset', reason: 'ahead' });
  });

  it('should treat a malformed id as a fresh connect', () => {
    expect(feedWith(3).resume('\u0000garbage')).toEqual({ kind: 'fresh' });
  });
});

describe('EventWindow with a tolerance ahead (the redis log)', () => {
  it('should let a client slightly ahead resume without a reset, and hold the events it has', () => {
    const window = new EventWindow('abcdef01', 10, 5);
    for (let seq = 1; seq <= 3; seq++) window.push({ id: `abcdef01-${seq}`, seq, ts: 0, payload: { n: seq } });
    expect(window.resume('abcdef01-5')).toMatchObject({
      kind: 'replay',
      fromId: 'abcdef01-5',
      count: 0,
      holdThroughSeq: 5,
    });
    expect(window.resume('abcdef01-9')).toEqual({ kind: 'reset', reason: 'ahead' });
  });
});
