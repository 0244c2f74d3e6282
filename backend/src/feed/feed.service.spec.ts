import { describe, expect, it } from 'vitest';
import { validateEnv } from '../config/env.validation';
import { formatEventId } from '@sse-lab/contract';
import { FeedService } from './feed.service';

const feedWith = (replaySize: number) => new FeedService(validateEnv({ TICK_MS: '0', REPLAY_SIZE: String(replaySize) }));

describe('FeedService.resume', () => {
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
