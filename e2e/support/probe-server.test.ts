import http from 'node:http';
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeServer } from './probe-server';

function get(url: string): Promise<{ contentType: string; body: string; ended: boolean; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      const result = (ended: boolean) => ({
        contentType: String(res.headers['content-type']),
        body,
        ended,
        close: () => req.destroy(),
      });
      res.on('end', () => resolve(result(true)));
      // A held stream never ends: hand back what it sent after a moment.
      setTimeout(() => resolve(result(false)), 300);
    });
    req.on('error', reject);
  });
}

describe('ProbeServer', () => {
  let probe: ProbeServer;
  beforeAll(async () => {
    probe = await ProbeServer.start();
  });
  afterAll(() => probe.close());

  it('should write each retry (an empty one as "retry:"), the charset asked for, one event, then end the first response', async () => {
    const first = await get(`${probe.h1}/probe/stream?key=a&retry=1500&retry=&charset=iso-8859-1&then=close`);
    expect(first).toMatchObject({
      contentType: 'text/event-stream; charset=iso-8859-1',
      body: 'retry: 1500\nretry:\nid: 1\ndata: first\n\n',
      ended: true,
    });
    expect(probe.received('a')).toEqual([
      expect.objectContaining({ lastEventId: null, httpVersion: '1.1', endedAt: expect.any(Number) }),
    ]);
  });

  it('should close while a browser keeps an HTTP/2 session open to it', async () => {
    const own = await ProbeServer.start();
    const session = http2.connect(own.h2, { rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      const req = session.request({ ':path': '/' });
      req.on('response', () => resolve());
      req.on('error', reject);
      req.resume();
    });
    const closed = await Promise.race([
      own.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 3000)),
    ]);
    expect(closed).toBe('closed');
  });

  it('should hold every later request of a key open and silent, and end it on demand', async () => {
    await get(`${probe.h1}/probe/stream?key=b&then=close`);
    const again = await get(`${probe.h1}/probe/stream?key=b`);
    expect(again).toMatchObject({ body: ': held\n\n', ended: false });
    expect(probe.received('b')).toHaveLength(2);
    probe.end('b');
    await expect.poll(() => probe.received('b')[1].endedAt).toBeDefined();
    again.close();
  });
});
