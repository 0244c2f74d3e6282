import { describe, expect, it } from 'vitest';
import type { ObservedEvent } from './observer-script';
import { detectPageClient, streamPathOf, whyInconclusive } from './page-client';

const at = 1;

describe('detectPageClient', () => {
  it('should see an EventSource page and its streams, each once', () => {
    const observed: ObservedEvent[] = [
      { at, kind: 'construct', source: 0, url: 'http://127.0.0.1:8080/api/events' },
      { at, kind: 'open', source: 0 },
      { at, kind: 'construct', source: 1, url: 'http://127.0.0.1:8080/api/events' },
    ];
    const client = detectPageClient(observed);
    expect(client).toEqual({ kind: 'eventsource', streams: ['/api/events'] });
    expect(whyInconclusive(client, 30_000)).toBeUndefined();
    expect(streamPathOf(client)).toBe('/api/events');
    expect(streamPathOf(client, '/api/stream')).toBe('/api/stream');
  });

  it('should call a fetch-streaming page inconclusive, saying why', () => {
    const client = detectPageClient([{ at, kind: 'fetch-stream', url: 'http://127.0.0.1:8080/sse?x=1' }]);
    expect(client).toEqual({ kind: 'fetch', streams: ['/sse?x=1'] });
    expect(whyInconclusive(client, 30_000)).toMatch(/streams \/sse\?x=1 with fetch, not EventSource/);
  });

  it('should call a page that opens nothing inconclusive, with the time watched', () => {
    const client = detectPageClient([]);
    expect(client).toEqual({ kind: 'none' });
    expect(whyInconclusive(client, 30_000)).toBe('the page opened no stream within 30 s');
    expect(streamPathOf(client)).toBeUndefined();
  });
});
