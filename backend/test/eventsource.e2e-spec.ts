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
});
