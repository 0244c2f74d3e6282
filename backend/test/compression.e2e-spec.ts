import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLab, type LabServer } from './support/lab-server';
import { SseConnection } from './support/sse-connection';

/** The paths the compression middleware ran for, in the app under test. */
const compressed = vi.hoisted(() => [] as string[]);

vi.mock('compression', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof import('compression') }).default;
  const recording = (options?: Parameters<typeof real>[0]): RequestHandler => {
    const middleware = real(options);
    return (req: Request, res: Response, next: NextFunction) => {
      compressed.push(req.path);
      return middleware(req, res, next);
    };
  };
  return { default: Object.assign(recording, { filter: real.filter }) };
});

describe('compression', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLab({ MAX_STREAMS_PER_IP: '0' });
  });
  afterAll(() => lab.close());

  it('should wrap every response but the event stream, which it would hold for as long as the stream is open', async () => {
    const stream = await SseConnection.open(`${lab.url}/api/stream?lastEventId=x`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    await stream.waitForFrames((frames) => frames.some((f) => f.event === 'hello'), 5000, 'the hello');
    expect(stream.status).toBe(200);
    stream.destroy();
    const metrics = await fetch(`${lab.url}/api/metrics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(metrics.headers.get('content-encoding')).toBe('gzip');
    expect(compressed).toContain('/api/metrics');
    expect(compressed).not.toContain('/api/stream');
  });
});
