import type { MessageEvent } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { lastValueFrom, take, toArray, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabConfigModule } from '../config/config.module';
import { validateEnv } from '../config/env.validation';
import { FeedService } from '../feed/feed.service';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { StreamModule } from './stream.module';
import { StreamRefusedException } from './stream-refused.exception';
import { StreamService } from './stream.service';

async function compile(env: Record<string, string> = {}) {
  const config = validateEnv({ TICK_MS: '0', HEARTBEAT_MS: '1000', RETRY_MS: '1500', MAX_STREAMS_PER_IP: '2', ...env });
  const moduleRef = await Test.createTestingModule({ imports: [LabConfigModule.forRoot(config), MetricsModule, StreamModule] }).compile();
  return { service: moduleRef.get(StreamService), feed: moduleRef.get(FeedService), metrics: moduleRef.get(MetricsService) };
}

describe('StreamService', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should send retry and hello before any data event', async () => {
    const { service, feed } = await compile();
    const frames = lastValueFrom(service.events('1.1.1.1').pipe(take(3), toArray()));
    feed.publish();
    feed.publish();
    const [hello, first, second] = await frames;
    expect(hello).toEqual({
      type: 'hello',
      id: `${feed.bootId}-0`,
      retry: 1500,
      data: { bootId: feed.bootId, heartbeatMs: 1000, lastId: `${feed.bootId}-0`, clientIp: '1.1.1.1' },
    });
    expect([first.id, second.id]).toEqual([`${feed.bootId}-1`, `${feed.bootId}-2`]);
    expect(first.type).toBeUndefined();
  });

  it('should send a heartbeat every HEARTBEAT_MS carrying the last id sent', async () => {
    const { service, feed } = await compile();
    const received: MessageEvent[] = [];
    const subscription = service.events('1.1.1.1').subscribe((frame) => received.push(frame));
    feed.publish();
    vi.advanceTimersByTime(999);
    expect(received.filter((f) => f.type === 'heartbeat')).toHaveLength(0);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(2000);
    const heartbeats = received.filter((f) => f.type === 'heartbeat');
    expect(heartbeats).toHaveLength(3);
    expect(heartbeats.map((f) => f.id)).toEqual(Array(3).fill(`${feed.bootId}-1`));
    subscription.unsubscribe();
  });

  it('should replay missed events then continue live, without gap or duplicate', async () => {
    const { service, feed } = await compile();
    for (let i = 0; i < 5; i++) feed.publish();
    const frames = lastValueFrom(service.events('1.1.1.1', `${feed.bootId}-2`).pipe(take(5), toArray()));
    feed.publish();
    const ids = (await frames).map((f) => f.id);
    expect(ids).toEqual([2, 3, 4, 5, 6].map((seq) => `${feed.bootId}-${seq}`));
  });

  it('should send reset after hello for an id from another boot', async () => {
    const { service, feed } = await compile();
    feed.publish();
    const [hello, reset] = await lastValueFrom(service.events('1.1.1.1', 'ffffffff-9').pipe(take(2), toArray()));
    expect(hello.type).toBe('hello');
    expect(reset).toMatchObject({ type: 'reset', id: feed.lastId, data: { reason: 'other-boot', lastId: feed.lastId } });
  });

  it('should refuse a stream over the per-IP limit and free the slot on unsubscribe', async () => {
    const { service } = await compile();
    const open: Subscription[] = [service.events('1.1.1.1').subscribe(), service.events('1.1.1.1').subscribe()];
    let refusal: unknown;
    service.events('1.1.1.1').subscribe({ error: (error) => (refusal = error) });
    expect(refusal).toBeInstanceOf(StreamRefusedException);
    expect((refusal as StreamRefusedException).body).toEqual({ error: 'too many streams', status: 429, limit: 2 });
    open[0].unsubscribe();
    const third = service.events('1.1.1.1').subscribe({ error: () => expect.fail('slot was not freed') });
    third.unsubscribe();
    open[1].unsubscribe();
  });

  it('should release every timer and the gauge when the client leaves', async () => {
    const { service, metrics } = await compile();
    const subscriptions = [service.events('1.1.1.1').subscribe(), service.events('2.2.2.2').subscribe()];
    expect(vi.getTimerCount()).toBe(2);
    subscriptions.forEach((s) => s.unsubscribe());
    expect(vi.getTimerCount()).toBe(0);
    const text = await metrics.registry.getSingleMetricAsString('sse_active_streams');
    expect(text).toMatch(/^sse_active_streams 0$/m);
  });

  it('should complete every stream and refuse new ones on shutdown', async () => {
    const { service } = await compile();
    let completed = false;
    service.events('1.1.1.1').subscribe({ complete: () => (completed = true) });
    service.beforeApplicationShutdown();
    expect(completed).toBe(true);
    let refusal: unknown;
    service.events('3.3.3.3').subscribe({ error: (error) => (refusal = error) });
    expect((refusal as StreamRefusedException).body.error).toBe('shutting down');
    expect(vi.getTimerCount()).toBe(0);
  });
});
