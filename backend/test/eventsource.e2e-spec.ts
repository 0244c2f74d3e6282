import { decodeRotate, parseEventId } from '@sse-lab/contract';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it } from 'vitest';
import { startLab, type LabServer } from './support/lab-server';
import { waitUntil } from '@sse-lab/test-support';

describe('GET /api/stream through a spec-compliant EventSource', () => {
  let lab: LabServer;
  let source: EventSource | undefined;
  afterEach(async () => {
    source?.close();
    await lab.close();
  });

  it('should deliver hello, data and heartbeat events with ids the browser would keep', async () => {
    lab = await startLab({ HEARTBEAT_MS: '200' });
    source = new EventSource(`${lab.url}/api/stream`);
    const seen: { type: string; lastEventId: string }[] = [];
    for (const type of ['hello', 'message', 'heartbeat']) {
      source.addEventListener(type, (event) => seen.push({ type, lastEventId: event.lastEventId }));
    }
    await waitUntil(() => seen.some((e) => e.type === 'hello'), 2000, 'hello');
    const published = lab.feed.publish();
    await waitUntil(
      () => seen.some((e) => e.type === 'heartbeat' && e.lastEventId === published.id),
      2000,
      'heartbeat after data',
    );
    expect(seen.find((e) => e.type === 'message')?.lastEventId).toBe(published.id);
  });

  it('should resume after a dropped connection with Last-Event-ID, without gap or duplicate', async () => {
    lab = await startLab({ RETRY_MS: '200', HEARTBEAT_MS: '5000' });
    source = new EventSource(`${lab.url}/api/stream`);
    const ids: string[] = [];
    let opens = 0;
    source.addEventListener('open', () => opens++);
    source.addEventListener('message', (event) => ids.push(event.lastEventId));
    await waitUntil(() => opens === 1, 2000, 'first open');
    lab.feed.publish();
    lab.feed.publish();
    await waitUntil(() => ids.length === 2, 2000, 'two events');

    // Drop every connection, publish while the client is away, and let it come back by itself.
    lab.app.getHttpServer().closeAllConnections();
    const missed = [lab.feed.publish().id, lab.feed.publish().id];
    await waitUntil(() => opens === 2, 3000, 'native reconnect');
    const live = lab.feed.publish().id;
    await waitUntil(() => ids.length === 5, 2000, 'replayed and live events');
    expect(ids.slice(2)).toEqual([...missed, live]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should end a stream at MAX_STREAM_MS with a short retry:, and resume it with no gap or duplicate', async () => {
    // A publisher ticking through the rotations: events keep coming while each stream ends and comes back.
    lab = await startLab({ RETRY_MS: '5000', HEARTBEAT_MS: '5000', MAX_STREAM_MS: '1000', TICK_MS: '100' });
    source = new EventSource(`${lab.url}/api/stream`);
    const ids: string[] = [];
    const rotations: { retryMs: number; openMs: number; at: number }[] = [];
    let opens = 0;
    source.addEventListener('open', () => opens++);
    source.addEventListener('message', (event) => ids.push(event.lastEventId));
    source.addEventListener('rotate', (event) => rotations.push({ ...decodeRotate(event.data), at: Date.now() }));
    const reopened: number[] = [];
    source.addEventListener('open', () => reopened.push(Date.now()));
    await waitUntil(() => opens >= 4, 15_000, 'three rotations and their reconnections');
    source.close();

    expect(rotations.length).toBeGreaterThanOrEqual(3);
    for (const { retryMs, openMs } of rotations) {
      // Ended in the last tenth of MAX_STREAM_MS (the bound above it leaves a loaded event loop a second).
      expect(openMs).toBeGreaterThanOrEqual(900);
      expect(openMs).toBeLessThanOrEqual(2_000);
      expect(retryMs).toBeGreaterThanOrEqual(100);
      expect(retryMs).toBeLessThanOrEqual(1_000);
    }
    // The browser came back at the rotate frame's retry:, not at the hello's RETRY_MS (5 s).
    for (const [index, { at }] of rotations.slice(0, 3).entries())
      expect(reopened[index + 1]! - at).toBeLessThan(4_000);
    const seqs = ids.map((id) => parseEventId(id)!.seq);
    expect(seqs.length).toBeGreaterThan(10);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => seqs[0]! + index));
    const closed = await (await fetch(`${lab.url}/api/metrics`)).text();
    expect(closed).toMatch(/sse_streams_closed_total\{reason="max-duration"\} [3-9]/);
  });
});
