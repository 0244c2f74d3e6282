import { afterEach, beforeEach, vi } from 'vitest';

/** A controllable EventSource: tests decide when it opens, what it receives and how it fails. */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readyState = FakeEventSource.CONNECTING;
  closed = false;

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.instances.at(-1);
    if (!source) throw new Error('no FakeEventSource was created');
    return source;
  }

  static reset(): void {
    FakeEventSource.instances = [];
  }

  emitOpen(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  emitMessage(type: string, data: unknown, id = ''): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }

  emitError(readyState: number): void {
    this.readyState = readyState;
    this.dispatchEvent(new Event('error'));
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
    this.closed = true;
  }
}

export const hello = (source: FakeEventSource, heartbeatMs: number, lastId = 'abcd1234-0', instance?: string) =>
  source.emitMessage(
    'hello',
    { bootId: lastId.split('-')[0], heartbeatMs, retryMs: 3000, lastId, clientIp: '127.0.0.1', instance },
    lastId,
  );

export const heartbeat = (source: FakeEventSource, lastId = 'abcd1234-0') =>
  source.emitMessage('heartbeat', { ts: Date.now(), lastId }, lastId);

export const reset = (source: FakeEventSource, lastId: string, reason = 'other-boot') =>
  source.emitMessage('reset', { reason, bootId: lastId.split('-')[0], lastId, snapshot: '/api/snapshot' }, lastId);

/** The server ends the stream on purpose (MAX_STREAM_MS): `event: rotate`, then the end of the response. */
export const rotate = (source: FakeEventSource, lastId: string, retryMs = 400) =>
  source.emitMessage('rotate', { reason: 'max-duration', lastId, retryMs, openMs: 30_000 }, lastId);

export const data = (source: FakeEventSource, seq: number, bootId = 'abcd1234') =>
  source.emitMessage('message', { seq, ts: Date.now(), payload: {} }, `${bootId}-${seq}`);

/** Installs FakeEventSource and fake timers around each test of the calling suite. */
export function useFakeEventSource(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
}

/** Fails the current source as the browser does on a non-200 answer; returns the ms until a new source is created. */
export function failAndMeasureBackoff(stepMs = 10): number {
  FakeEventSource.latest().emitError(FakeEventSource.CLOSED);
  const before = FakeEventSource.instances.length;
  let waited = 0;
  while (FakeEventSource.instances.length === before) {
    vi.advanceTimersByTime(stepMs);
    waited += stepMs;
  }
  return waited;
}
