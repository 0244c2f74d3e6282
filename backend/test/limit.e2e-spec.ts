import { afterEach, describe, expect, it } from 'vitest';
import { metric, startLab, type LabServer } from './support/lab-server';
import { SseConnection } from './support/sse-connection';
import { waitUntil } from '@sse-lab/test-support';

describe('per-IP stream limit', () => {
  let lab: LabServer;
  const streams: SseConnection[] = [];
  const open = async (headers: Record<string, string> = {}, localAddress?: string) => {
    const connection = await SseConnection.open(`${lab.url}/api/stream`, { headers, localAddress });
    streams.push(connection);
    return connection;
  };

  afterEach(async () => {
    streams.splice(0).forEach((s) => s.destroy());
    await lab.close();
  });

  it('should refuse the 6th concurrent stream with 429, Retry-After and a JSON reason', async () => {
    lab = await startLab({ RETRY_MS: '2500' });
    const accepted = await Promise.all(Array.from({ length: 5 }, () => open()));
    expect(accepted.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('3');
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    await refused.waitForEnd(2000);
    expect(refused.json()).toEqual({ error: 'too many streams', status: 429, limit: 5 });
    expect(metric(await lab.metrics(), 'sse_rejected_total', { reason: 'ip-limit' })).toBe(1);
  });

  it('should accept exactly 5 of 100 simultaneous attempts from one IP', async () => {
    lab = await startLab();
    const attempts = await Promise.all(Array.from({ length: 100 }, () => open()));
    const statuses = attempts.map((s) => s.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
  });

  it('should free a slot the moment a stream closes', async () => {
    lab = await startLab();
    const first = await open();
    await Promise.all(Array.from({ length: 4 }, () => open()));
    expect((await open()).status).toBe(429);
    first.destroy();
    await waitUntil(async () => metric(await lab.metrics(), 'sse_active_streams') === 4, 2000, 'slot released');
    expect((await open()).status).toBe(200);
  });

  it('should count each source address separately', async () => {
    lab = await startLab({ MAX_STREAMS_PER_IP: '1' });
    expect((await open({}, '127.0.0.2')).status).toBe(200);
    expect((await open({}, '127.0.0.3')).status).toBe(200);
    expect((await open({}, '127.0.0.2')).status).toBe(429);
  });

  it('should ignore X-Forwarded-For from an untrusted peer (TRUST_PROXY=false)', async () => {
    lab = await startLab({ MAX_STREAMS_PER_IP: '2' });
    expect((await open({ 'X-Forwarded-For': '203.0.113.1' })).status).toBe(200);
    expect((await open({ 'X-Forwarded-For': '203.0.113.2' })).status).toBe(200);
    expect((await open({ 'X-Forwarded-For': '203.0.113.3' })).status).toBe(429);
  });

  it('should take the client IP from X-Forwarded-For behind a trusted proxy', async () => {
    lab = await startLab({ MAX_STREAMS_PER_IP: '1', TRUST_PROXY: 'loopback' });
    const first = await open({ 'X-Forwarded-For': '203.0.113.1' });
    expect(first.status).toBe(200);
    const [hello] = await first.waitForFrames((f) => f.length >= 1, 2000, 'hello');
    expect(JSON.parse(hello.data).clientIp).toBe('203.0.113.1');
    expect((await open({ 'X-Forwarded-For': '203.0.113.2' })).status).toBe(200);
    expect((await open({ 'X-Forwarded-For': '203.0.113.1' })).status).toBe(429);
  });

  it('should trust a proxy named by host name, resolved at start', async () => {
    lab = await startLab({ MAX_STREAMS_PER_IP: '1', TRUST_PROXY: 'localhost' });
    const first = await open({ 'X-Forwarded-For': '203.0.113.4' });
    const [hello] = await first.waitForFrames((f) => f.length >= 1, 2000, 'hello');
    expect(JSON.parse(hello.data).clientIp).toBe('203.0.113.4');
  });

  it('should not let a client spoof X-Forwarded-For through one trusted hop', async () => {
    // nginx appends the address it saw: a spoofed value ends up left of the real one.
    lab = await startLab({ MAX_STREAMS_PER_IP: '1', TRUST_PROXY: '1' });
    expect((await open({ 'X-Forwarded-For': '198.51.100.7, 203.0.113.9' })).status).toBe(200);
    expect((await open({ 'X-Forwarded-For': '198.51.100.8, 203.0.113.9' })).status).toBe(429);
  });

  it('should not limit when MAX_STREAMS_PER_IP is 0', async () => {
    lab = await startLab({ MAX_STREAMS_PER_IP: '0' });
    const all = await Promise.all(Array.from({ length: 20 }, () => open()));
    expect(all.every((s) => s.status === 200)).toBe(true);
  });
});
