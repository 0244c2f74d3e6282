import { afterEach, describe, expect, it } from 'vitest';
import { StreamAdmission } from '@sse-lab/nest';
import { metric, startLab, type LabServer } from './support/lab-server';
import { SseConnection } from './support/sse-connection';
import { waitUntil } from '@sse-lab/test-support';

const activeTimeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('stream teardown', () => {
  let lab: LabServer;
  afterEach(() => lab.close());

  it('should release gauge, heartbeat timers and IP slots after abrupt socket destruction', async () => {
    lab = await startLab({ HEARTBEAT_MS: '200', MAX_STREAMS_PER_IP: '3' });
    const streams = await Promise.all(Array.from({ length: 3 }, () => SseConnection.open(`${lab.url}/api/stream`)));
    await Promise.all(
      streams.map((s) => s.waitForFrames((f) => f.some((x) => x.event === 'heartbeat'), 2000, 'a heartbeat')),
    );
    const busy = await lab.metrics();
    expect(metric(busy, 'sse_active_streams')).toBe(3);
    expect(metric(busy, 'sse_heartbeat_timers')).toBe(1);
    const timersWhileStreaming = activeTimeouts();

    streams.forEach((s) => s.destroy());

    await waitUntil(async () => metric(await lab.metrics(), 'sse_active_streams') === 0, 2000, 'gauge back to 0');
    const idle = await lab.metrics();
    expect(metric(idle, 'sse_heartbeat_timers')).toBe(0);
    expect(metric(idle, 'sse_streams_closed_total', { reason: 'client' })).toBe(3);
    await waitUntil(() => activeTimeouts() <= timersWhileStreaming - 1, 2000, 'the shared heartbeat timer cleared');
    const again = await Promise.all(Array.from({ length: 3 }, () => SseConnection.open(`${lab.url}/api/stream`)));
    expect(again.map((s) => s.status)).toEqual([200, 200, 200]);
    again.forEach((s) => s.destroy());
  });

  it('should count a reset peer apart from one that closed', async () => {
    lab = await startLab({ HEARTBEAT_MS: '5000' });
    const [closing, resetting] = await Promise.all([0, 1].map(() => SseConnection.open(`${lab.url}/api/stream`)));
    await Promise.all([closing, resetting].map((s) => s.waitForFrames((f) => f.length >= 1, 2000, 'hello')));
    closing.destroy();
    resetting.reset();
    await waitUntil(async () => metric(await lab.metrics(), 'sse_active_streams') === 0, 2000, 'both released');
    const text = await lab.metrics();
    expect(metric(text, 'sse_streams_closed_total', { reason: 'client' })).toBe(1);
    expect(metric(text, 'sse_streams_closed_total', { reason: 'reset' })).toBe(1);
  });

  it('should end open streams cleanly when the app closes', async () => {
    lab = await startLab({ HEARTBEAT_MS: '5000' });
    const stream = await SseConnection.open(`${lab.url}/api/stream`);
    await stream.waitForFrames((f) => f.length >= 1, 2000, 'hello');
    const closing = lab.app.close();
    await stream.waitForEnd(3000);
    await closing;
    lab = { ...lab, close: async () => undefined };
    expect(stream.ended).toBe(true);
  });

  it('should end every stream with its terminating chunk on close, the last event included', async () => {
    lab = await startLab({ HEARTBEAT_MS: '5000', MAX_STREAMS_PER_IP: '0' });
    const streams = await Promise.all(Array.from({ length: 20 }, () => SseConnection.open(`${lab.url}/api/stream`)));
    await Promise.all(streams.map((s) => s.waitForFrames((f) => f.length >= 1, 2000, 'hello')));
    const last = lab.feed.publish();
    const closing = lab.app.close();
    await Promise.all(streams.map((s) => s.waitForEnd(4000)));
    await closing;
    lab = { ...lab, close: async () => undefined };
    expect(streams.filter((s) => s.aborted)).toHaveLength(0);
    expect(streams.filter((s) => s.endedCleanly)).toHaveLength(20);
    for (const stream of streams) expect(stream.frames.at(-1)?.id).toBe(last.id);
  });

  it('should answer readiness with 503 while draining, liveness with 200', async () => {
    lab = await startLab();
    expect((await fetch(`${lab.url}/api/health/ready`)).status).toBe(200);
    lab.app.get(StreamAdmission).startDraining();
    for (const path of ['/api/health', '/api/health/ready']) {
      const res = await fetch(`${lab.url}${path}`);
      expect(res.status, path).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'error',
        error: { stream: { status: 'down', reason: expect.stringMatching(/draining/) } },
      });
    }
    const live = await fetch(`${lab.url}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
  });
});
