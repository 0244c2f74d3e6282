import { decodeHello } from '@sse-lab/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabServer } from './support/lab-server';
import { SseConnection } from './support/sse-connection';

describe('GET /api/stream', () => {
  let lab: LabServer;
  const streams: SseConnection[] = [];
  const open = async (query = '', headers: Record<string, string> = {}) => {
    const connection = await SseConnection.open(`${lab.url}/api/stream${query}`, { headers });
    streams.push(connection);
    return connection;
  };

  beforeAll(async () => {
    lab = await startLab({ HEARTBEAT_MS: '300', RETRY_MS: '1234', REPLAY_SIZE: '5', MAX_STREAMS_PER_IP: '0' });
  });
  afterAll(async () => {
    streams.forEach((s) => s.destroy());
    await lab.close();
  });

  it('should answer with event-stream headers, uncompressed even when the client accepts gzip', async () => {
    const stream = await open('', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toContain('no-cache');
    expect(stream.headers['cache-control']).toContain('no-transform');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.headers['content-encoding']).toBeUndefined();
  });

  it('should still compress other routes', async () => {
    const res = await fetch(`${lab.url}/api/metrics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toContain('sse_active_streams');
  });

  it('should send retry and hello before any data event', async () => {
    const stream = await open();
    lab.feed.publish();
    const frames = await stream.waitForFrames((f) => f.length >= 2, 2000, 'hello and one data event');
    expect(stream.raw.startsWith('\nevent: hello\n')).toBe(true);
    expect(frames[0].event).toBe('hello');
    // RETRY_MS=1234 spread by the default RETRY_JITTER_PCT (50): the hello tells the value sent.
    expect(frames[0].retry).toBeGreaterThanOrEqual(617);
    expect(frames[0].retry).toBeLessThanOrEqual(1851);
    const hello = decodeHello(frames[0].data);
    expect(hello).toEqual({
      bootId: lab.feed.bootId,
      heartbeatMs: 300,
      retryMs: frames[0].retry,
      lastId: frames[0].id,
      clientIp: '127.0.0.1',
      instance: lab.config.instanceId,
      eventLog: 'memory',
    });
    expect(frames[1].event).toBe('message');
    expect(frames[1].id).toBe(lab.feed.lastId);
    const data = JSON.parse(frames[1].data);
    expect(data.ts).toBeGreaterThan(Date.now() - 5000);
    expect(Object.keys(data.payload)).toEqual(['activeUsers', 'ordersPerMinute', 'errorRatePct', 'p95LatencyMs']);
  });

  it('should send heartbeats at the configured cadence', async () => {
    const stream = await open();
    const frames = await stream.waitForFrames(
      (f) => f.filter((x) => x.event === 'heartbeat').length >= 4,
      3000,
      'four heartbeats',
    );
    const times = frames.filter((f) => f.event === 'heartbeat').map((f) => f.receivedAt);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(200);
    const heartbeat = JSON.parse(stream.ofType('heartbeat')[0].data);
    expect(heartbeat).toEqual({ ts: expect.any(Number), lastId: stream.ofType('heartbeat')[0].id });
  });

  it('should replay missed events from Last-Event-ID without gap or duplicate', async () => {
    const from = lab.feed.publish().id;
    const missed = [lab.feed.publish(), lab.feed.publish(), lab.feed.publish()].map((e) => e.id);
    const stream = await open('', { 'Last-Event-ID': from });
    const live = lab.feed.publish().id;
    const frames = await stream.waitForFrames(
      (f) => f.filter((x) => x.event === 'message').length >= 4,
      2000,
      'replay + live',
    );
    expect(frames[0]).toMatchObject({ event: 'hello', id: from });
    expect(frames.filter((f) => f.event === 'message').map((f) => f.id)).toEqual([...missed, live]);
  });

  it('should accept the resume point as ?lastEventId= too', async () => {
    const from = lab.feed.publish().id;
    const missed = lab.feed.publish().id;
    const stream = await open(`?lastEventId=${encodeURIComponent(from)}`);
    const frames = await stream.waitForFrames((f) => f.some((x) => x.event === 'message'), 2000, 'replayed event');
    expect(frames.find((f) => f.event === 'message')?.id).toBe(missed);
  });

  it('should send reset for an id older than the replay buffer', async () => {
    const old = lab.feed.publish().id;
    for (let i = 0; i < 6; i++) lab.feed.publish();
    const stream = await open('', { 'Last-Event-ID': old });
    const frames = await stream.waitForFrames((f) => f.length >= 2, 2000, 'hello + reset');
    expect(frames[1].event).toBe('reset');
    expect(JSON.parse(frames[1].data)).toMatchObject({ reason: 'too-old', lastId: lab.feed.lastId });
  });

  it('should send reset for an id from another boot', async () => {
    const stream = await open('', { 'Last-Event-ID': 'deadbeef-3' });
    const frames = await stream.waitForFrames((f) => f.length >= 2, 2000, 'hello + reset');
    expect(JSON.parse(frames[1].data)).toMatchObject({ reason: 'other-boot', bootId: lab.feed.bootId });
  });

  it.each([
    ['garbage', 'not-an-id'],
    ['negative', 'abcdef12--4'],
    ['huge', `abcdef12-${'9'.repeat(4000)}`],
    ['NUL', '%00abc'],
  ])('should treat a %s id as a fresh connect, never a 500', async (_label, value) => {
    const stream = await open(`?lastEventId=${value}`);
    expect(stream.status).toBe(200);
    const frames = await stream.waitForFrames((f) => f.length >= 1, 2000, 'hello');
    expect(frames[0]).toMatchObject({ event: 'hello', id: lab.feed.lastId });
    lab.feed.publish();
    await stream.waitForFrames((f) => f.length >= 2, 2000, 'live event');
    expect(stream.frames[1].event).toBe('message');
  });

  it('should serve the snapshot the client re-syncs from', async () => {
    const event = lab.feed.publish();
    const snapshot = await (await fetch(`${lab.url}/api/snapshot`)).json();
    expect(snapshot).toMatchObject({ bootId: lab.feed.bootId, lastId: event.id, payload: event.payload });
  });

  it('should report health with the active stream count', async () => {
    const health = await (await fetch(`${lab.url}/api/health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      details: {
        stream: { status: 'up', bootId: lab.feed.bootId, transport: process.env.STREAM_TRANSPORT ?? 'sse-decorator' },
      },
    });
    expect(health.details.stream.activeStreams).toBe(streams.filter((s) => !s.ended).length);
  });
});
