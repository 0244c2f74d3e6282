import { describe, expect, it, vi } from 'vitest';
import { createNativeStream } from './native-stream.js';
import { data, FakeEventSource, hello, useFakeEventSource } from './testing/fake-event-source.js';

describe('createNativeStream', () => {
  useFakeEventSource();

  it('should mirror readyState and never rebuild a closed source', () => {
    const stream = createNativeStream('http://lab.test/api/stream');
    const source = FakeEventSource.latest();
    source.emitOpen();
    expect(stream.state).toBe('open');
    source.emitError(FakeEventSource.CONNECTING);
    expect(stream.state).toBe('connecting');
    source.emitError(FakeEventSource.CLOSED);
    expect(stream.state).toBe('closed');
    vi.advanceTimersByTime(600_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should stay open through silence: it has no watchdog', () => {
    const stream = createNativeStream('http://lab.test/api/stream');
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 100);
    data(source, 1);
    vi.advanceTimersByTime(60_000);
    expect(stream.snapshot()).toMatchObject({ mode: 'native', state: 'open', readyState: 1, heartbeatMs: 100 });
    expect(stream.counters.staleEpisodes).toBe(0);
  });
});
