import { describe, expect, it } from 'vitest';
import { wireFacts } from './wire-facts';
import type { WireRecording } from './wire-recording';

const recording = (overrides: Partial<WireRecording>): WireRecording => ({
  url: 'http://127.0.0.1/events',
  status: 200,
  headers: { 'content-type': 'text/event-stream' },
  firstByteMs: 5,
  retries: [],
  events: [],
  comments: [],
  readsAtMs: [5],
  observedMs: 60_000,
  ...overrides,
});

const ticks = (ids: (string | undefined)[], everyMs = 2_000) =>
  ids.map((id, index) => ({ atMs: 2_000 + index * everyMs, id, dataBytes: 20, dataDigest: `d${index}` }));

describe('wireFacts', () => {
  it('should describe the spike: no retry, no heartbeat, ids that restart on every connection', () => {
    const first = recording({ events: ticks(['1', '2', '3']), readsAtMs: [5, 2_000, 4_000, 6_000], observedMs: 7_000 });
    const resumed = recording({ events: ticks(['1', '2']) });
    expect(wireFacts(first, resumed)).toMatchObject({
      retryMs: undefined,
      heartbeat: { kind: 'none' },
      ids: 'restart per connection',
      maxSilenceMs: 2_000,
      firstEventMs: 2_000,
    });
  });

  it('should find a comment heartbeat and its interval, and a retry', () => {
    const first = recording({
      comments: [{ atMs: 100 }, { atMs: 30_100 }, { atMs: 60_100 }],
      retries: [{ atMs: 1, ms: 3_000 }],
      readsAtMs: [1, 100, 30_100, 60_100],
      observedMs: 61_000,
    });
    expect(wireFacts(first)).toMatchObject({ heartbeat: { kind: 'comment', intervalMs: 30_000 }, retryMs: 3_000 });
    expect(wireFacts(first).maxSilenceMs).toBe(30_000);
  });

  it("should give retry:'s spread over every connection sampled, and none where they all agree", () => {
    const drawn = (ms: number) => recording({ retries: [{ atMs: 1, ms }] });
    expect(wireFacts(drawn(3_690), drawn(2_100), [drawn(4_410), drawn(1_540)])).toMatchObject({
      retryMs: 3_690,
      retryRangeMs: { min: 1_540, max: 4_410 },
    });
    expect(wireFacts(drawn(3_000), drawn(3_000), [drawn(3_000)]).retryRangeMs).toBeUndefined();
    expect(wireFacts(recording({}), recording({}), [recording({})]).retryRangeMs).toBeUndefined();
  });

  it('should find a named heartbeat and leave it out of the data rate', () => {
    const events = [0, 25_000, 50_000].map((atMs) => ({
      atMs,
      event: 'heartbeat',
      dataBytes: 0,
      dataDigest: 'e3b0c44298fc',
    }));
    const facts = wireFacts(recording({ events, observedMs: 60_000 }));
    expect(facts.heartbeat).toEqual({ kind: 'named event', intervalMs: 25_000 });
    expect(facts.eventsPerMinute).toBe(0);
  });

  it('should see ids resume after Last-Event-ID, and say when a reconnect tells nothing', () => {
    const first = recording({ events: ticks(['41', '42']) });
    expect(wireFacts(first, recording({ events: ticks(['43', '44']) })).ids).toBe('resume after Last-Event-ID');
    expect(wireFacts(first, recording({ events: [] })).ids).toBe('unclear');
    expect(wireFacts(recording({ events: ticks([undefined, undefined]) })).ids).toBe('no ids');
  });

  it('should count a silence up to the end of the watch when the stream stayed quiet', () => {
    expect(wireFacts(recording({ readsAtMs: [5], observedMs: 45_005 })).maxSilenceMs).toBe(45_000);
    expect(wireFacts(recording({ firstByteMs: undefined, readsAtMs: [], observedMs: 10_000 })).maxSilenceMs).toBe(
      10_000,
    );
  });
});
