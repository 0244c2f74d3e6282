import { describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { FakeEventSource, useFakeEventSource } from '../testing/fake-event-source.js';
import { useEventStream } from './use-event-stream.js';

describe('useEventStream', () => {
  useFakeEventSource();

  it('should reflect the client state reactively', () => {
    const scope = effectScope();
    const stream = scope.run(() => useEventStream('/api/stream'))!;
    expect(stream.state.value).toBe('connecting');
    FakeEventSource.latest().emitOpen();
    expect(stream.state.value).toBe('open');
    FakeEventSource.latest().emitMessage('message', { seq: 1 }, 'ab-1');
    expect(stream.lastEvent.value).toEqual({ id: 'ab-1', data: { seq: 1 } });
    expect(stream.counters.value.events).toBe(1);
    scope.stop();
  });

  it('should follow a changing URL and stay idle without one', async () => {
    const url = ref<string | undefined>(undefined);
    const scope = effectScope();
    const stream = scope.run(() => useEventStream(url))!;
    expect(stream.state.value).toBe('idle');
    url.value = '/api/stream';
    await nextTick();
    expect(FakeEventSource.instances).toHaveLength(1);
    scope.stop();
  });

  it('should close the source and clear every timer when its scope is disposed', () => {
    const scope = effectScope();
    scope.run(() => useEventStream('/api/stream', { heartbeatMs: 1000 }));
    const source = FakeEventSource.latest();
    source.emitOpen();
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    scope.stop();
    expect(source.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
