import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventStream as create } from './create-event-stream.js';
import type { EventStream } from './event-stream.js';
import type { EventStreamOptions } from './event-stream-options.js';
import { InvalidStreamOptionsError } from './option-rules.js';
import {
  data,
  failAndMeasureBackoff,
  FakeEventSource,
  heartbeat,
  hello,
  reset,
  rotate,
  useFakeEventSource,
} from './testing/fake-event-source.js';

const URL_ = 'http://lab.test/api/stream';
const noJitter: EventStreamOptions = { random: () => 1, jitter: 0 };
const opened: EventStream[] = [];
/** Every stream a test creates is closed after it, so no window listener leaks into the next test. */
const createEventStream = (...args: Parameters<typeof create>): EventStream => {
  const stream = create(...args);
  opened.push(stream);
  return stream;
};

describe('createEventStream', () => {
  useFakeEventSource();
  afterEach(() => opened.splice(0).forEach((stream) => stream.close()));

  it('should start in idle when there is no URL', () => {
    const stream = createEventStream(undefined);
    expect(stream.state).toBe('idle');
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should go connecting, then open', () => {
    const stream = createEventStream(URL_);
    expect(stream.state).toBe('connecting');
    FakeEventSource.latest().emitOpen();
    expect(stream.state).toBe('open');
    expect(stream.snapshot().transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      'idle>connecting',
      'connecting>open',
    ]);
  });

  it('should tell which replica served the last hello', () => {
    const stream = createEventStream(URL_);
    expect(stream.instance).toBeNull();
    hello(FakeEventSource.latest(), 1000, 'abcd1234-0', 'app-1');
    expect(stream.snapshot().instance).toBe('app-1');
    stream.reconnect();
    hello(FakeEventSource.latest(), 1000, 'abcd1234-0', 'app-2');
    expect([stream.instance, stream.snapshot().instance]).toEqual(['app-2', 'app-2']);
  });

  it('should map an error with readyState CONNECTING to connecting, not closed', () => {
    const stream = createEventStream(URL_);
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000);
    source.emitError(FakeEventSource.CONNECTING);
    expect(stream.state).toBe('connecting');
    expect(source.closed).toBe(false);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it("should say the server rotated the stream when it ended it with event: rotate, and leave the browser's resume alone", () => {
    const stream = createEventStream(URL_);
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000);
    data(source, 1);
    rotate(source, 'abcd1234-1', 420);
    source.emitError(FakeEventSource.CONNECTING);
    expect(stream.state).toBe('connecting');
    expect(stream.transitions.at(-1)!.reason).toBe('the server rotated the stream; browser resuming in 420 ms');
    expect(source.closed).toBe(false);
    expect(FakeEventSource.instances).toHaveLength(1);
    // The browser is back on the same source; a later loss is a lost connection again.
    source.emitOpen();
    hello(source, 1000, 'abcd1234-1');
    source.emitError(FakeEventSource.CONNECTING);
    expect(stream.transitions.at(-1)!.reason).toBe('connection lost, browser retrying');
  });

  it('should take over with its backoff when a source fails before the hello (no retry: received yet)', () => {
    const stream = createEventStream(URL_, { ...noJitter, initialBackoffMs: 300 });
    const source = FakeEventSource.latest();
    source.emitError(FakeEventSource.CONNECTING);
    expect(stream.state).toBe('backoff');
    expect(source.closed).toBe(true);
    vi.advanceTimersByTime(300);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('should back off then recreate the source when the browser closes it (non-200)', () => {
    const stream = createEventStream(URL_, { ...noJitter, initialBackoffMs: 500 });
    FakeEventSource.latest().emitError(FakeEventSource.CLOSED);
    expect(stream.state).toBe('backoff');
    vi.advanceTimersByTime(499);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(stream.state).toBe('connecting');
    expect(stream.counters.reconnects).toBe(1);
  });

  it('should carry the last event id into the recreated URL', () => {
    createEventStream(URL_, noJitter);
    const first = FakeEventSource.latest();
    first.emitOpen();
    hello(first, 1000, 'abcd1234-4');
    data(first, 5);
    first.emitError(FakeEventSource.CLOSED);
    vi.advanceTimersByTime(1000);
    expect(new URL(FakeEventSource.latest().url).searchParams.get('lastEventId')).toBe('abcd1234-5');
  });

  it('should count duplicates from the ids', () => {
    const stream = createEventStream(URL_);
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000, 'abcd1234-0');
    [1, 2, 2, 3].forEach((seq) => data(source, seq));
    expect(stream.counters).toMatchObject({ events: 4, gaps: 0, duplicates: 1, lastId: 'abcd1234-3' });
    expect(stream.snapshot().receivedIds).toEqual(['abcd1234-1', 'abcd1234-2', 'abcd1234-2', 'abcd1234-3']);
  });

  it('should not deliver an event that skips past the next id, and resume from the last one before it (a heartbeat in between included)', () => {
    const onMessage = vi.fn();
    const stream = createEventStream(URL_, { ...noJitter, initialBackoffMs: 200, onMessage });
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000, 'abcd1234-0');
    data(source, 1);
    data(source, 2);
    // The bytes of event 3 were lost on the way; the heartbeat after it names 3 as the last id sent.
    heartbeat(source, 'abcd1234-3');
    data(source, 4);
    expect(onMessage.mock.calls.map(([message]) => message.id)).toEqual(['abcd1234-1', 'abcd1234-2']);
    expect(stream.counters).toMatchObject({ events: 2, gaps: 0, gapResumes: 1, lastId: 'abcd1234-2' });
    expect(source.closed).toBe(true);
    expect(stream.state).toBe('backoff');
    vi.advanceTimersByTime(200);
    const next = FakeEventSource.latest();
    expect(new URL(next.url).searchParams.get('lastEventId')).toBe('abcd1234-2');
    next.emitOpen();
    hello(next, 1000, 'abcd1234-2');
    [3, 4, 5].forEach((seq) => data(next, seq));
    expect(stream.snapshot().receivedIds).toEqual([
      'abcd1234-1',
      'abcd1234-2',
      'abcd1234-3',
      'abcd1234-4',
      'abcd1234-5',
    ]);
    expect(stream.counters).toMatchObject({ gaps: 0, duplicates: 0, gapResumes: 1 });
  });

  it('should re-sync from the snapshot after a reset, without counting a gap', async () => {
    const snapshot = { bootId: 'beef0000', lastId: 'beef0000-9', payload: { activeUsers: 1 } };
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(snapshot)));
    const onSnapshot = vi.fn();
    const stream = createEventStream(URL_, { fetch: fetchMock, onSnapshot });
    const source = FakeEventSource.latest();
    source.emitOpen();
    hello(source, 1000, 'beef0000-9');
    reset(source, 'beef0000-9');
    await vi.waitFor(() => expect(onSnapshot).toHaveBeenCalledWith(snapshot));
    data(source, 10, 'beef0000');
    expect(fetchMock).toHaveBeenCalledWith('http://lab.test/api/snapshot');
    expect(stream.counters).toMatchObject({ resets: 1, gaps: 0 });
  });

  describe('watchdog', () => {
    it('should go stale after staleAfterHeartbeats × the heartbeat the server announced', () => {
      const stream = createEventStream(URL_, { ...noJitter, staleAfterHeartbeats: 2.5 });
      const source = FakeEventSource.latest();
      source.emitOpen();
      hello(source, 1000);
      vi.advanceTimersByTime(2499);
      expect(stream.state).toBe('open');
      vi.advanceTimersByTime(1);
      expect(stream.counters.staleEpisodes).toBe(1);
      expect(source.closed).toBe(true);
      expect(stream.snapshot().transitions.map((t) => t.to)).toContain('stale');
      expect(stream.state).toBe('backoff');
    });

    it('should be kept quiet by heartbeats', () => {
      const stream = createEventStream(URL_);
      const source = FakeEventSource.latest();
      source.emitOpen();
      hello(source, 1000);
      for (let i = 0; i < 10; i++) {
        vi.advanceTimersByTime(1000);
        heartbeat(source);
      }
      expect(stream.state).toBe('open');
      expect(stream.counters).toMatchObject({ staleEpisodes: 0, heartbeats: 10 });
    });

    it('should keep running while the browser retries by itself', () => {
      const stream = createEventStream(URL_, { heartbeatMs: 1000 });
      const source = FakeEventSource.latest();
      source.emitOpen();
      hello(source, 1000);
      source.emitError(FakeEventSource.CONNECTING);
      vi.advanceTimersByTime(2500);
      expect(stream.counters.staleEpisodes).toBe(1);
    });

    it('should fire before any open when nothing ever arrives (a buffering proxy)', () => {
      const stream = createEventStream(URL_, { heartbeatMs: 400 });
      vi.advanceTimersByTime(1000);
      expect(stream.counters.staleEpisodes).toBe(1);
    });
  });

  describe('slow paths', () => {
    /** Every source the client creates answers (open, then hello) `pathMs` after its creation, unless the client gave up on it first. */
    function slowPath(pathMs: number) {
      const answered = new Set<FakeEventSource>();
      return () => {
        for (const source of FakeEventSource.instances) {
          if (answered.has(source)) continue;
          answered.add(source);
          setTimeout(() => {
            if (source.closed) return;
            source.emitOpen();
            hello(source, 1000);
          }, pathMs);
        }
      };
    }
    /** Runs the fake clock until the stream is open; returns how long that took. */
    const runUntilOpen = (stream: EventStream, tick: () => void, limitMs = 60_000): number => {
      const start = Date.now();
      while (stream.state !== 'open' && Date.now() - start < limitMs) {
        tick();
        vi.advanceTimersByTime(50);
      }
      return Date.now() - start;
    };

    it('connects over a path slower than its watchdog: each attempt waits twice as long as the one before', () => {
      const stream = createEventStream(URL_, {
        ...noJitter,
        heartbeatMs: 1000,
        initialBackoffMs: 100,
        maxBackoffMs: 100,
      });
      const tookMs = runUntilOpen(stream, slowPath(6000));
      expect(stream.state).toBe('open');
      // Two attempts given up (2.5 s, 5 s), two backoff steps (0.1 s), then the third one's 6 s.
      expect(tookMs).toBeLessThanOrEqual(2500 + 100 + 5000 + 100 + 6000 + 100);
      const gaveUp = stream.transitions.filter((t) => t.to === 'stale').map((t) => t.reason);
      expect(gaveUp).toEqual([
        'no answer within 2500 ms (attempt 1; the next one waits longer)',
        'no answer within 5000 ms (attempt 2; the next one waits longer)',
      ]);
      expect(FakeEventSource.instances).toHaveLength(3);
    });

    it("gives the first attempt after a slow connection twice that connection's time", () => {
      const stream = createEventStream(URL_, {
        ...noJitter,
        heartbeatMs: 1000,
        initialBackoffMs: 100,
        maxBackoffMs: 100,
        stableAfterMs: 0,
      });
      const path = slowPath(6000);
      runUntilOpen(stream, path);
      expect(stream.transitions.filter((t) => t.to === 'stale')).toHaveLength(2);
      stream.reconnect();
      const tookMs = runUntilOpen(stream, path);
      expect(stream.state).toBe('open');
      expect(tookMs).toBeLessThanOrEqual(6100);
      expect(
        stream.transitions.filter((t) => t.to === 'stale'),
        'no attempt given up: it waited 12 s',
      ).toHaveLength(2);
    });

    it('tolerates the jitter it has seen, and still finds a silent connection within maxStaleAfterHeartbeats', () => {
      const stream = createEventStream(URL_, {
        ...noJitter,
        heartbeatMs: 1000,
        staleAfterHeartbeats: 2.5,
        maxStaleAfterHeartbeats: 7.5,
      });
      const source = FakeEventSource.latest();
      source.emitOpen();
      hello(source, 1000);
      // A jittery path: heartbeats sent every second arrive bunched, up to 2.4 s apart.
      for (let i = 0; i < 20; i++) {
        vi.advanceTimersByTime(i % 2 ? 2400 : 300);
        heartbeat(source);
      }
      vi.advanceTimersByTime(3500);
      heartbeat(source);
      expect(stream.state).toBe('open');
      expect(stream.counters.staleEpisodes).toBe(0);
      const silentFrom = Date.now();
      while (stream.state === 'open') vi.advanceTimersByTime(50);
      const detectedAfter = Date.now() - silentFrom;
      expect(detectedAfter).toBeGreaterThan(2500);
      expect(detectedAfter).toBeLessThanOrEqual(7500);
      expect(stream.counters.staleEpisodes).toBe(1);
    });

    it('refuses a ceiling of silence below its floor', () => {
      expect(() => createEventStream(URL_, { staleAfterHeartbeats: 4, maxStaleAfterHeartbeats: 3 })).toThrow(
        'maxStaleAfterHeartbeats=3: expected at least staleAfterHeartbeats (4)',
      );
      expect(() => createEventStream(URL_, { maxStaleAfterHeartbeats: 2 })).toThrow(
        'expected at least staleAfterHeartbeats (2.5)',
      );
    });
  });

  describe('backoff', () => {
    it('should double the delay at each failed attempt up to the cap', () => {
      const stream = createEventStream(URL_, { ...noJitter, initialBackoffMs: 100, maxBackoffMs: 800 });
      const delays = Array.from({ length: 6 }, () => failAndMeasureBackoff());
      expect(delays).toEqual([100, 200, 400, 800, 800, 800]);
      expect(stream.counters.reconnects).toBe(6);
    });

    it('should reset the attempt counter only after events flowed for stableAfterMs', () => {
      createEventStream(URL_, { ...noJitter, initialBackoffMs: 100, stableAfterMs: 5000 });
      expect(failAndMeasureBackoff()).toBe(100);
      FakeEventSource.latest().emitOpen(); // a bare open is not enough, however long
      vi.advanceTimersByTime(20_000);
      expect(failAndMeasureBackoff()).toBe(200);
      const source = FakeEventSource.latest();
      source.emitOpen();
      hello(source, 1000);
      for (let beat = 0; beat <= 5; beat++) {
        heartbeat(source);
        vi.advanceTimersByTime(1000);
      }
      expect(failAndMeasureBackoff()).toBe(100);
    });

    it('should keep growing the backoff on a path that opens and then stays silent', () => {
      const stream = createEventStream(URL_, {
        ...noJitter,
        initialBackoffMs: 100,
        stableAfterMs: 1000,
        staleAfterHeartbeats: 2.5,
      });
      expect(failAndMeasureBackoff()).toBe(100);
      const delays: number[] = [];
      for (let episode = 0; episode < 3; episode++) {
        const source = FakeEventSource.latest();
        source.emitOpen();
        hello(source, 1000);
        vi.advanceTimersByTime(2500);
        expect(stream.state).toBe('backoff');
        delays.push(Number(/in (\d+) ms/.exec(stream.transitions.at(-1)!.reason)![1]));
        vi.advanceTimersByTime(delays.at(-1)!);
      }
      expect(delays).toEqual([200, 400, 800]);
    });
  });

  describe('superseded source', () => {
    it('should ignore events from a source it replaced', () => {
      const stream = createEventStream(URL_, noJitter);
      const old = FakeEventSource.latest();
      old.emitOpen();
      hello(old, 1000, 'abcd1234-0');
      stream.reconnect();
      const current = FakeEventSource.latest();
      expect(current).not.toBe(old);
      data(old, 1);
      old.emitError(FakeEventSource.CLOSED);
      expect(stream.counters.events).toBe(0);
      expect(stream.state).toBe('connecting');
    });
  });

  describe('browser signals', () => {
    it('should stop trying while offline and reconnect at once when online', () => {
      const stream = createEventStream(URL_, { ...noJitter, offlineProbeMs: 60_000 });
      FakeEventSource.latest().emitOpen();
      window.dispatchEvent(new Event('offline'));
      expect(stream.state).toBe('offline');
      expect(FakeEventSource.latest().closed).toBe(true);
      vi.advanceTimersByTime(59_000);
      expect(FakeEventSource.instances).toHaveLength(1);
      window.dispatchEvent(new Event('online'));
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(stream.state).toBe('connecting');
      stream.close();
    });

    it('should probe the stream after offlineProbeMs when no online event comes', () => {
      const stream = createEventStream(URL_, { ...noJitter, offlineProbeMs: 15_000 });
      FakeEventSource.latest().emitOpen();
      window.dispatchEvent(new Event('offline'));
      vi.advanceTimersByTime(14_999);
      expect(FakeEventSource.instances).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(stream.state).toBe('connecting');
      expect(stream.transitions.at(-1)!.reason).toMatch(/still offline after 15000 ms/);
    });

    it('should probe the stream when the page becomes visible while offline', () => {
      const stream = createEventStream(URL_, { ...noJitter, offlineProbeMs: 60_000 });
      window.dispatchEvent(new Event('offline'));
      document.dispatchEvent(new Event('visibilitychange'));
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(stream.state).toBe('connecting');
    });
  });

  describe('close', () => {
    it('should leave no timer, listener or open source behind', () => {
      const stream = createEventStream(URL_);
      const source = FakeEventSource.latest();
      source.emitOpen();
      hello(source, 1000);
      expect(vi.getTimerCount()).toBeGreaterThan(0);
      stream.close();
      expect(stream.state).toBe('closed');
      expect(source.closed).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      window.dispatchEvent(new Event('online'));
      expect(FakeEventSource.instances).toHaveLength(1);
    });
  });

  describe('snapshot re-sync', () => {
    const answer = (body: unknown) => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      return { release, response: gate.then(() => new Response(JSON.stringify(body))) };
    };

    it("should apply only the newest request's answer when answers come back out of order", async () => {
      const first = answer({ lastId: 'beef0000-9', payload: 'old' });
      const second = answer({ lastId: 'beef0000-9', payload: 'new' });
      const responses = [first.response, second.response];
      const onSnapshot = vi.fn();
      const stream = createEventStream(URL_, { fetch: () => responses.shift()!, onSnapshot });
      const source = FakeEventSource.latest();
      hello(source, 1000, 'beef0000-9');
      reset(source, 'beef0000-9');
      reset(source, 'beef0000-9');
      second.release();
      await vi.waitFor(() => expect(onSnapshot).toHaveBeenCalledTimes(1));
      first.release();
      await first.response;
      await vi.advanceTimersByTimeAsync(0);
      expect(onSnapshot.mock.calls).toEqual([[{ lastId: 'beef0000-9', payload: 'new' }]]);
      stream.close();
    });

    it('should drop an answer that comes after close()', async () => {
      const late = answer({ lastId: 'beef0000-9' });
      const onSnapshot = vi.fn();
      const stream = createEventStream(URL_, { fetch: () => late.response, onSnapshot });
      reset(FakeEventSource.latest(), 'beef0000-9');
      stream.close();
      late.release();
      await late.response;
      await vi.advanceTimersByTimeAsync(0);
      expect(onSnapshot).not.toHaveBeenCalled();
    });

    it('should drop a snapshot older than a live event already delivered', async () => {
      const slow = answer({ lastId: 'beef0000-9' });
      const onSnapshot = vi.fn();
      createEventStream(URL_, { fetch: () => slow.response, onSnapshot });
      const source = FakeEventSource.latest();
      reset(source, 'beef0000-9');
      data(source, 10, 'beef0000');
      data(source, 11, 'beef0000');
      slow.release();
      await slow.response;
      await vi.advanceTimersByTimeAsync(0);
      expect(onSnapshot).not.toHaveBeenCalled();
    });
  });

  describe('frames outside the contract', () => {
    it('should count and ignore malformed frames without throwing into the app', () => {
      const onMessage = vi.fn();
      const stream = createEventStream(URL_, { onMessage });
      const source = FakeEventSource.latest();
      source.emitOpen();
      source.dispatchEvent(new MessageEvent('hello', { data: '{"bootId":7}' }));
      source.dispatchEvent(new MessageEvent('message', { data: 'not json', lastEventId: 'abcd1234-1' }));
      source.emitMessage('reset', { reason: 'whim' });
      source.emitMessage('heartbeat', 'no');
      expect(stream.counters).toMatchObject({ malformed: 4, events: 0, resets: 0, heartbeats: 0 });
      expect(stream.snapshot().bootId).toBeNull();
      expect(onMessage).not.toHaveBeenCalled();
    });
  });

  describe('options', () => {
    it.each([
      ['staleAfterHeartbeats', 0],
      ['maxBackoffMs', 0],
      ['initialBackoffMs', -5],
      ['jitter', 2],
      ['heartbeatMs', Number.NaN],
    ] as const)('should refuse %s=%s with a message naming it', (key, value) => {
      expect(() => create(URL_, { [key]: value })).toThrow(InvalidStreamOptionsError);
      expect(() => create(URL_, { [key]: value })).toThrow(new RegExp(`${key}=`));
      expect(FakeEventSource.instances).toHaveLength(0);
    });

    it('should refuse a cap below the first step', () => {
      expect(() => create(URL_, { initialBackoffMs: 1000, maxBackoffMs: 500 })).toThrow(
        /maxBackoffMs=500: expected at least initialBackoffMs \(1000\)/,
      );
    });
  });
});
