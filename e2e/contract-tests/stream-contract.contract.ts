import {
  decodeData,
  decodeHeartbeat,
  decodeHello,
  decodeReset,
  FRAME,
  parseEventId,
  type HelloData,
  type RefusalBody,
  type Snapshot,
} from '@sse-lab/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget } from './contract-target';
import { readStream, type WireFrame } from './frame-reader';

/**
 * The stream contract (docs/stream-contract.md) held against any running server, from the outside:
 * `make contract-tests URL=http://127.0.0.1:3000/api` (the API's base: `<URL>/stream`, `<URL>/snapshot`).
 * The lab's backend and examples/nest-app, both on @sse-lab/nest, pass it.
 */
const target = contractTarget(process.env);
const dataFrames = (frames: WireFrame[]) => frames.filter(({ event }) => event === FRAME.data);
const hasData = (count: number) => (frames: WireFrame[]) => dataFrames(frames).length >= count;

describe(`the stream contract at ${target.streamUrl}`, () => {
  let hello: HelloData;
  /** Every wait is derived from the server's own heartbeat, as its hello gives it. */
  let boundMs: number;

  beforeAll(async () => {
    const read = await readStream(target.streamUrl, { until: (frames) => frames.length >= 1, timeoutMs: 10_000 });
    expect(read.status, `GET ${target.streamUrl}`).toBe(200);
    hello = decodeHello(read.frames[0]!.data);
    boundMs = hello.heartbeatMs + 10_000;
  });

  it('should answer a stream that is never buffered or cached, and open it with a hello that carries retry: and the last id', async () => {
    const { headers, frames } = await readStream(target.streamUrl, {
      until: (all) => all.length >= 1,
      timeoutMs: 10_000,
    });
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(headers.get('cache-control')).toMatch(/no-cache/);
    expect(headers.get('x-accel-buffering')).toBe('no');
    const [first] = frames;
    expect(first!.event).toBe(FRAME.hello);
    const data = decodeHello(first!.data);
    expect(first!.retry, 'retry: with the hello').toBe(data.retryMs);
    expect(first!.id).toBe(data.lastId);
    expect(parseEventId(first!.id!)?.bootId).toBe(data.bootId);
  });

  it('should number data events <bootId>-<seq>, one apart, each with a payload', async () => {
    const { frames } = await readStream(target.streamUrl, { until: hasData(3), timeoutMs: boundMs });
    const events = dataFrames(frames);
    expect(events.length, `three data events within ${boundMs} ms`).toBeGreaterThanOrEqual(3);
    const seqs = events.map(({ id, data }) => {
      const payload = decodeData(data);
      expect(id).toBe(`${hello.bootId}-${payload.seq}`);
      return payload.seq;
    });
    expect(seqs.slice(1).map((seq, i) => seq - seqs[i]!)).toEqual(seqs.slice(1).map(() => 1));
  });

  it('should send a named heartbeat within its interval, carrying the last id sent', async () => {
    const { frames } = await readStream(target.streamUrl, {
      until: (all) => all.some(({ event }) => event === FRAME.heartbeat),
      timeoutMs: boundMs,
    });
    const index = frames.findIndex(({ event }) => event === FRAME.heartbeat);
    expect(index, `a heartbeat within ${boundMs} ms`).toBeGreaterThan(0);
    const heartbeat = decodeHeartbeat(frames[index]!.data);
    expect(heartbeat.lastId).toBe(frames[index - 1]!.id);
    expect(frames[index]!.id).toBe(heartbeat.lastId);
  });

  it.each([
    ['the Last-Event-ID header', (id: string) => ({ url: target.streamUrl, headers: { 'Last-Event-ID': id } })],
    [
      '?lastEventId=',
      (id: string) => ({ url: `${target.streamUrl}?lastEventId=${encodeURIComponent(id)}`, headers: {} }),
    ],
  ])('should replay what a client missed after the id it resumes from (%s), nothing twice', async (_, resumeFrom) => {
    const first = dataFrames((await readStream(target.streamUrl, { until: hasData(3), timeoutMs: boundMs })).frames);
    const from = first[0]!;
    const { url, headers } = resumeFrom(from.id!);
    const { frames } = await readStream(url, { headers, until: hasData(3), timeoutMs: boundMs });
    expect(frames.map(({ event }) => event)).not.toContain(FRAME.reset);
    const resumed = dataFrames(frames).map(({ data }) => decodeData(data).seq);
    const fromSeq = decodeData(from.data).seq;
    expect(resumed.slice(0, 2)).toEqual([fromSeq + 1, fromSeq + 2]);
  });

  it('should reset a client whose id is from another boot, and serve the snapshot it re-syncs from', async () => {
    const foreign = `${hello.bootId === 'deadbeef' ? 'feedface' : 'deadbeef'}-5`;
    const { frames } = await readStream(target.streamUrl, {
      headers: { 'Last-Event-ID': foreign },
      until: (all) => all.some(({ event }) => event === FRAME.reset),
      timeoutMs: 10_000,
    });
    const reset = frames.find(({ event }) => event === FRAME.reset);
    expect(reset, `event: reset for ${foreign}`).toBeDefined();
    const data = decodeReset(reset!.data);
    expect(data.reason).toBe('other-boot');
    const snapshotUrl = new URL(data.snapshot, target.streamUrl).toString();
    const response = await fetch(snapshotUrl);
    expect(response.status, `GET ${snapshotUrl}`).toBe(200);
    const snapshot = (await response.json()) as Snapshot;
    expect(snapshot.bootId).toBe(data.bootId);
    expect(parseEventId(snapshot.lastId)?.bootId).toBe(data.bootId);
    expect(snapshot).toHaveProperty('payload');
  });

  describe(`at most ${target.maxStreamsPerIp} streams per address`, () => {
    const held: AbortController[] = [];
    afterAll(() => held.forEach((controller) => controller.abort()));

    it('should refuse one more with 429 and a JSON reason, and take a stream again once one closes', async () => {
      for (let i = 0; i < target.maxStreamsPerIp; i++) {
        const controller = new AbortController();
        held.push(controller);
        const response = await fetch(target.streamUrl, { signal: controller.signal });
        expect(response.status, `stream ${i + 1} of ${target.maxStreamsPerIp}`).toBe(200);
      }
      const refused = await fetch(target.streamUrl);
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as RefusalBody;
      expect(body).toMatchObject({ error: 'too many streams', status: 429, limit: target.maxStreamsPerIp });
      held.pop()!.abort();
      await expect
        .poll(
          async () => {
            const again = await readStream(target.streamUrl, { until: (all) => all.length >= 1, timeoutMs: 5_000 });
            return again.status;
          },
          { timeout: 10_000 },
        )
        .toBe(200);
    });
  });
});
