import type { MessageEvent } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { lastValueFrom, take, toArray, type Subscription } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventLog } from '../event-log/event-log';
import { memoryFeed } from '../../test/support/memory-feed';
import type { SseLabOptions } from '../options';
import { PrometheusStreamMetrics } from '../prometheus/prometheus-stream-metrics';
import { SseLabModule } from '../sse-lab.module';
import { StreamRefusedException } from './stream-refused.exception';
import { SHUTDOWN_FLUSH_MS, StreamService } from './stream.service';
import { StreamAdmission } from './stream-admission.service';
import type { StreamTransport } from './stream-transport';

async function compile(options: SseLabOptions = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      SseLabModule.forRoot({
        heartbeatMs: 1000,
        retryMs: 1500,
        retryJitterPct: 0,
        maxStreamsPerIp: 2,
        ...options,
        metrics: PrometheusStreamMetrics,
      }),
    ],
  }).compile();
  return {
    service: moduleRef.get(StreamService),
    feed: memoryFeed(moduleRef.get(EventLog)),
    log: moduleRef.get(EventLog),
    metrics: moduleRef.get(PrometheusStreamMetrics),
    admission: moduleRef.get(StreamAdmission),
  };
}

describe('StreamService', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should send retry and hello before any data event', async () => {
    const { service, feed } = await compile();
    const frames = lastValueFrom(service.events({ clientIp: '1.1.1.1' }).pipe(take(3), toArray()));
    feed.publish();
    feed.publish();
    const [hello, first, second] = await frames;
    expect(hello).toEqual({
      type: 'hello',
      id: `${feed.bootId}-0`,
      retry: 1500,
      data: {
        bootId: feed.bootId,
        heartbeatMs: 1000,
        retryMs: 1500,
        lastId: `${feed.bootId}-0`,
        clientIp: '1.1.1.1',
        instance: expect.any(String),
        eventLog: 'memory',
      },
      bytes: expect.any(Number),
    });
    expect([first.id, second.id]).toEqual([`${feed.bootId}-1`, `${feed.bootId}-2`]);
    expect(first.type).toBeUndefined();
  });

  it('should share one heartbeat frame between streams at the same last id', async () => {
    const { service } = await compile();
    const beats: MessageEvent[][] = [[], []];
    const subscriptions = beats.map((frames) =>
      service.events({ clientIp: '1.1.1.1' }).subscribe((frame) => frame.type === 'heartbeat' && frames.push(frame)),
    );
    vi.advanceTimersByTime(1000);
    expect(beats[0]).toHaveLength(1);
    expect(beats[1][0]).toBe(beats[0][0]);
    subscriptions.forEach((subscription) => subscription.unsubscribe());
  });

  it('should send a heartbeat every HEARTBEAT_MS carrying the last id sent', async () => {
    const { service, feed } = await compile();
    const received: MessageEvent[] = [];
    const subscription = service.events({ clientIp: '1.1.1.1' }).subscribe((frame) => received.push(frame));
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
    const frames = lastValueFrom(
      service.events({ clientIp: '1.1.1.1', lastEventId: `${feed.bootId}-2` }).pipe(take(5), toArray()),
    );
    feed.publish();
    const ids = (await frames).map((f) => f.id);
    expect(ids).toEqual([2, 3, 4, 5, 6].map((seq) => `${feed.bootId}-${seq}`));
  });

  it('should send reset after hello for an id from another boot', async () => {
    const { service, feed } = await compile();
    feed.publish();
    const [hello, reset] = await lastValueFrom(
      service.events({ clientIp: '1.1.1.1', lastEventId: 'ffffffff-9' }).pipe(take(2), toArray()),
    );
    expect(hello.type).toBe('hello');
    expect(reset).toMatchObject({
      type: 'reset',
      id: feed.lastId,
      data: { reason: 'other-boot', lastId: feed.lastId },
    });
  });

  it('should refuse a stream over the per-IP limit and free the slot on unsubscribe', async () => {
    const { service } = await compile();
    const open: Subscription[] = [
      service.events({ clientIp: '1.1.1.1' }).subscribe(),
      service.events({ clientIp: '1.1.1.1' }).subscribe(),
    ];
    let refusal: unknown;
    service.events({ clientIp: '1.1.1.1' }).subscribe({ error: (error) => (refusal = error) });
    expect(refusal).toBeInstanceOf(StreamRefusedException);
    expect((refusal as StreamRefusedException).body).toEqual({ error: 'too many streams', status: 429, limit: 2 });
    open[0].unsubscribe();
    const third = service.events({ clientIp: '1.1.1.1' }).subscribe({ error: () => expect.fail('slot was not freed') });
    third.unsubscribe();
    open[1].unsubscribe();
  });

  it('should run one heartbeat timer for every stream, and none once the last one leaves', async () => {
    const { service, metrics } = await compile();
    const subscriptions = [
      service.events({ clientIp: '1.1.1.1' }).subscribe(),
      service.events({ clientIp: '2.2.2.2' }).subscribe(),
    ];
    expect(vi.getTimerCount()).toBe(1);
    expect(await metrics.registry.getSingleMetricAsString('sse_heartbeat_timers')).toMatch(/^sse_heartbeat_timers 1$/m);
    subscriptions[0].unsubscribe();
    expect(vi.getTimerCount()).toBe(1);
    subscriptions[1].unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
    expect(await metrics.registry.getSingleMetricAsString('sse_heartbeat_timers')).toMatch(/^sse_heartbeat_timers 0$/m);
    const text = await metrics.registry.getSingleMetricAsString('sse_active_streams');
    expect(text).toMatch(/^sse_active_streams 0$/m);
  });

  it('should complete every stream and refuse new ones on shutdown', async () => {
    const { service } = await compile();
    let completed = false;
    service.events({ clientIp: '1.1.1.1' }).subscribe({ complete: () => (completed = true) });
    await service.beforeApplicationShutdown();
    expect(completed).toBe(true);
    let refusal: unknown;
    service.events({ clientIp: '3.3.3.3' }).subscribe({ error: (error) => (refusal = error) });
    expect((refusal as StreamRefusedException).body.error).toBe('shutting down');
    expect(vi.getTimerCount()).toBe(0);
  });

  describe('MAX_STREAM_MS', () => {
    it('should end a stream in the last tenth of its age with a rotate frame whose retry: is short', async () => {
      const { service, feed, admission, metrics } = await compile({ maxStreamMs: 10_000, maxStreamsPerIp: 1 });
      const frames: MessageEvent[] = [];
      let completed = false;
      // The draws of the rotation's time (the last tenth, half-way) and of its retry: (100 ms to 1 s).
      const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
      service.events({ clientIp: '1.1.1.1' }).subscribe({
        next: (frame) => frames.push(frame),
        complete: () => (completed = true),
      });
      random.mockRestore();
      vi.advanceTimersByTime(9_499);
      expect(completed).toBe(false);
      feed.publish();
      vi.advanceTimersByTime(1);
      expect(completed).toBe(true);
      expect(frames.at(-1)).toMatchObject({
        type: 'rotate',
        id: feed.lastId,
        retry: 550,
        data: { reason: 'max-duration', lastId: feed.lastId, retryMs: 550, openMs: 9_500 },
      });
      expect(await metrics.registry.getSingleMetricAsString('sse_streams_closed_total')).toMatch(
        /reason="max-duration"} 1$/m,
      );
      // Its slot is free for the client's reconnection, and no timer of it is left.
      expect(admission.activeStreams).toBe(0);
      let refused: unknown;
      service
        .events({ clientIp: '1.1.1.1' })
        .subscribe({ error: (error) => (refused = error) })
        .unsubscribe();
      expect(refused).toBeUndefined();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should draw each connection its own end and retry:, and leave a stream alone when it is 0', async () => {
      const { service } = await compile({ maxStreamMs: 10_000, maxStreamsPerIp: 0 });
      const ends: number[] = [];
      const retries: number[] = [];
      for (let index = 0; index < 20; index++) {
        const opened = Date.now();
        service.events({ clientIp: '1.1.1.1' }).subscribe({
          next: (frame) => frame.type === 'rotate' && retries.push(frame.retry!),
          complete: () => ends.push(Date.now() - opened),
        });
      }
      vi.advanceTimersByTime(10_000);
      expect(ends).toHaveLength(20);
      expect(Math.min(...ends)).toBeGreaterThanOrEqual(9_000);
      expect(new Set(ends).size).toBeGreaterThan(10);
      expect(Math.min(...retries)).toBeGreaterThanOrEqual(100);
      expect(Math.max(...retries)).toBeLessThanOrEqual(1_000);
      expect(new Set(retries).size).toBeGreaterThan(10);

      const { service: unbounded } = await compile({ maxStreamsPerIp: 0 });
      let completed = false;
      const subscription = unbounded.events({ clientIp: '1.1.1.1' }).subscribe({ complete: () => (completed = true) });
      vi.advanceTimersByTime(3_600_000);
      expect(completed).toBe(false);
      subscription.unsubscribe();
    });
  });

  it('should spread retry: around RETRY_MS by RETRY_JITTER_PCT and tell the client the value in the hello', async () => {
    const { service } = await compile({ retryJitterPct: 50 });
    const helloWith = async (random: number) => {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const [hello] = await lastValueFrom(service.events({ clientIp: '1.1.1.1' }).pipe(take(1), toArray()));
      vi.spyOn(Math, 'random').mockRestore();
      return hello;
    };
    const low = await helloWith(0);
    const high = await helloWith(0.999999);
    expect(low.retry).toBe(750);
    expect(high.retry).toBe(2250);
    expect((high.data as { retryMs: number }).retryMs).toBe(high.retry);
  });

  it('should build each live frame once for every stream and count it once per stream', async () => {
    const { service, feed, metrics } = await compile({ maxStreamsPerIp: 0 });
    const received: MessageEvent[][] = [[], [], []];
    const subscriptions = received.map((frames) =>
      service.events({ clientIp: '1.1.1.1' }).subscribe((frame) => frames.push(frame)),
    );
    feed.publish();
    feed.publish();
    const data = received.map((frames) => frames.filter((frame) => frame.type === undefined));
    expect(data.map((frames) => frames.length)).toEqual([2, 2, 2]);
    expect(data[1][0]).toBe(data[0][0]);
    expect(await metrics.registry.getSingleMetricAsString('sse_events_sent_total')).toMatch(/type="message"} 6$/m);
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    feed.publish();
    expect(await metrics.registry.getSingleMetricAsString('sse_events_sent_total')).toMatch(/type="message"} 6$/m);
  });

  it('should replay a ring of 500 000 events in order', async () => {
    const { service, feed } = await compile({ replaySize: 500_000 });
    for (let i = 0; i < 500_000; i++) feed.publish();
    let replayed = 0;
    let lastSeq = 0;
    let ordered = true;
    const subscription = service.events({ clientIp: '1.1.1.1', lastEventId: `${feed.bootId}-0` }).subscribe((frame) => {
      if (frame.type !== undefined) return;
      const seq = Number(String(frame.id).split('-')[1]);
      ordered &&= seq === lastSeq + 1;
      lastSeq = seq;
      replayed++;
    });
    expect({ replayed, lastSeq, ordered }).toEqual({ replayed: 500_000, lastSeq: 500_000, ordered: true });
    subscription.unsubscribe();
  });

  it('should give the slot and the gauge back when building the catch-up throws', async () => {
    const { service, feed, log, metrics, admission } = await compile();
    vi.spyOn(log, 'resume').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    let failure: unknown;
    service
      .events({ clientIp: '1.1.1.1', lastEventId: `${feed.bootId}-0` })
      .subscribe({ error: (error) => (failure = error) });
    expect(failure).toBeInstanceOf(RangeError);
    expect(admission.activeStreams).toBe(0);
    expect(await metrics.registry.getSingleMetricAsString('sse_active_streams')).toMatch(/^sse_active_streams 0$/m);
    expect(await metrics.registry.getSingleMetricAsString('sse_streams_closed_total')).toMatch(/reason="error"} 1$/m);
    vi.mocked(log.resume).mockRestore();
    const both = [
      service.events({ clientIp: '1.1.1.1' }).subscribe(),
      service.events({ clientIp: '1.1.1.1' }).subscribe(),
    ];
    expect(admission.activeStreams).toBe(2);
    both.forEach((s) => s.unsubscribe());
  });

  describe('dead peers', () => {
    class FakeTransport implements StreamTransport {
      bufferedBytes = 0;
      flushedBytes = 0;
      wasReset = false;
      destroyed = false;
      private drainListener?: () => void;
      private finish!: () => void;
      private readonly done = new Promise<void>((resolve) => (this.finish = resolve));
      onDrain(listener: () => void) {
        this.drainListener = listener;
        return () => (this.drainListener = undefined);
      }
      drain() {
        this.bufferedBytes = 0;
        this.drainListener?.();
      }
      finished() {
        return this.done;
      }
      end() {
        this.finish();
      }
      destroy() {
        this.destroyed = true;
        this.finish();
      }
    }

    it('should end a stream whose socket has not drained for DEAD_PEER_MS, count it and drop the connection', async () => {
      const { service, metrics, admission } = await compile({ deadPeerMs: 2_000 });
      const transport = new FakeTransport();
      let completed = false;
      service.events({ clientIp: '1.1.1.1', transport }).subscribe({ complete: () => (completed = true) });
      transport.bufferedBytes = 4096;
      vi.advanceTimersByTime(1000);
      expect(completed).toBe(false);
      vi.advanceTimersByTime(1000);
      expect(completed).toBe(true);
      expect(transport.destroyed).toBe(true);
      expect(admission.activeStreams).toBe(0);
      expect(await metrics.registry.getSingleMetricAsString('sse_streams_closed_total')).toMatch(
        /reason="dead-peer"} 1$/m,
      );
      expect(vi.getTimerCount()).toBe(0);
    });

    it('should keep a stream whose socket drains between heartbeats, however full it gets', async () => {
      const { service } = await compile({ deadPeerMs: 2_000 });
      const transport = new FakeTransport();
      let completed = false;
      const subscription = service
        .events({ clientIp: '1.1.1.1', transport })
        .subscribe({ complete: () => (completed = true) });
      for (let beat = 0; beat < 10; beat++) {
        transport.bufferedBytes = 64 * 1024;
        vi.advanceTimersByTime(900);
        transport.drain();
        vi.advanceTimersByTime(100);
      }
      expect(completed).toBe(false);
      expect(transport.destroyed).toBe(false);
      subscription.unsubscribe();
    });

    it('should end a stream holding more than SLOW_CLIENT_BUFFER_KB for its client, and keep one that takes what it is sent', async () => {
      const { service, feed, metrics } = await compile({ slowClientBufferKb: 4, deadPeerMs: 0 });
      const slow = new FakeTransport();
      const reading = new FakeTransport();
      const ended: string[] = [];
      service.events({ clientIp: '1.1.1.1', transport: slow }).subscribe({ complete: () => ended.push('slow') });
      const kept = service
        .events({ clientIp: '2.2.2.2', transport: reading })
        .subscribe({ complete: () => ended.push('reading') });
      let sent = 0;
      for (let i = 0; i < 60; i++) {
        feed.publish();
        sent += 160;
      }
      reading.flushedBytes = sent * 2; // a reader that keeps up (headers and framing included)
      slow.flushedBytes = 1024; // took the first kilobyte, then stopped
      vi.advanceTimersByTime(1000);
      expect(ended).toEqual(['slow']);
      expect(slow.destroyed).toBe(true);
      expect(reading.destroyed).toBe(false);
      expect(await metrics.registry.getSingleMetricAsString('sse_streams_closed_total')).toMatch(
        /reason="slow-client"} 1$/m,
      );
      kept.unsubscribe();
    });

    it('should never end a stream for not draining with DEAD_PEER_MS=0', async () => {
      const { service } = await compile({ deadPeerMs: 0, slowClientBufferKb: 0 });
      const transport = new FakeTransport();
      transport.bufferedBytes = 1;
      let completed = false;
      const subscription = service
        .events({ clientIp: '1.1.1.1', transport })
        .subscribe({ complete: () => (completed = true) });
      vi.advanceTimersByTime(60_000);
      expect(completed).toBe(false);
      subscription.unsubscribe();
    });

    it('should wait on shutdown until ended streams are flushed, within a bound', async () => {
      const { service } = await compile();
      const flushed = new FakeTransport();
      const stuck = new FakeTransport();
      service.events({ clientIp: '1.1.1.1', transport: flushed }).subscribe();
      service.events({ clientIp: '2.2.2.2', transport: stuck }).subscribe();
      let done = false;
      const shutdown = service.beforeApplicationShutdown().then(() => (done = true));
      flushed.end();
      await vi.advanceTimersByTimeAsync(SHUTDOWN_FLUSH_MS - 1);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await shutdown;
      expect(done).toBe(true);
    });
  });
});
