import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHttp } from './loopback-http';
import { digestOf, recordStream } from './wire-recording';

const servers = loopbackHttp();

afterEach(() => servers.closeAll());

describe('recordStream', () => {
  it('should record retry, comments, events with their ids and the headers, then the close', async () => {
    let lastEventId: string | undefined;
    const url = await servers.serve((request, response) => {
      lastEventId = request.headers['last-event-id'] as string | undefined;
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'X-Accel-Buffering': 'no' });
      response.write('retry: 1500\n\n: keep-alive\n\n');
      response.write('id: 7\nevent: tick\ndata: {"n":1}\n\n');
      setTimeout(() => response.end('data: two\n\n'), 50);
    });
    const recording = await recordStream(url, { durationMs: 5_000, headers: { 'Last-Event-ID': '6' } });
    expect(lastEventId).toBe('6');
    expect(recording.status).toBe(200);
    expect(recording.headers['x-accel-buffering']).toBe('no');
    expect(recording.retries.map(({ ms }) => ms)).toEqual([1500]);
    expect(recording.comments).toHaveLength(1);
    expect(recording.events.map(({ id, event, dataBytes }) => ({ id, event, dataBytes }))).toEqual([
      { id: '7', event: 'tick', dataBytes: 7 },
      { id: undefined, event: undefined, dataBytes: 3 },
    ]);
    expect(recording.events[1]!.dataDigest, 'the data, digested').toBe(digestOf('two'));
    expect(recording.events[0]!.dataDigest).not.toBe(recording.events[1]!.dataDigest);
    expect(recording.ended?.how).toBe('closed');
    expect(recording.firstByteMs).toBeLessThanOrEqual(recording.readsAtMs.at(-1)!);
  });

  it('should read a gzipped stream and say it was compressed', async () => {
    const url = await servers.serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Content-Encoding': 'gzip' });
      const gzip = zlib.createGzip();
      gzip.pipe(response);
      gzip.end('data: packed\n\n');
    });
    const recording = await recordStream(url, { durationMs: 5_000 });
    expect(recording.headers['content-encoding']).toBe('gzip');
    expect(recording.events).toHaveLength(1);
  });

  it('should stop at the bound on a stream that never ends, and stop early after maxEvents', async () => {
    const url = await servers.serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('data: first\n\n');
    });
    const bounded = await recordStream(url, { durationMs: 300 });
    expect(bounded.ended).toBeUndefined();
    expect(bounded.observedMs).toBeGreaterThanOrEqual(300);
    const early = await recordStream(url, { durationMs: 10_000, maxEvents: 1 });
    expect(early.events).toHaveLength(1);
    expect(early.observedMs).toBeLessThan(10_000);
  });

  it('should stop once enough is seen, asked on reads and on a silent stream alike', async () => {
    const url = await servers.serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('data: first\n\n');
    });
    const onRead = await recordStream(url, { durationMs: 10_000, enough: ({ events }) => events.length > 0 });
    expect(onRead.observedMs).toBeLessThan(10_000);
    const onTick = await recordStream(url, {
      durationMs: 10_000,
      enough: (_recording, elapsedMs) => elapsedMs > 1_500,
    });
    expect(onTick.observedMs).toBeGreaterThan(1_500);
    expect(onTick.observedMs).toBeLessThan(10_000);
  });

  it('should name the error when nothing answers', async () => {
    const url = `${await servers.refusedUrl()}/events`;
    const recording = await recordStream(url, { durationMs: 2_000 });
    expect(recording.status).toBeUndefined();
    expect(recording.error).toBe('ECONNREFUSED');
  });
});
