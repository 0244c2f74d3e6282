import { decodeHello } from '@sse-lab/contract';
import type { EventSourceConstructor, StreamMessage } from './event-stream-options.js';
import type { EventStream } from './event-stream.js';
import { soloSharing, type StreamSnapshot, type StreamState } from './stream-state.js';
import { StreamTelemetry } from './stream-telemetry.js';

export interface NativeStreamOptions<T = unknown> {
  /** @default globalThis.EventSource */
  EventSource?: EventSourceConstructor;
  /** @default Date.now */
  now?: () => number;
  onMessage?: (message: StreamMessage<T>) => void;
  onUpdate?: () => void;
}

const STATE_OF_READY_STATE: StreamState[] = ['connecting', 'open', 'closed'];

/**
 * A bare EventSource with the same telemetry as the lab client and no watchdog, backoff or
 * resume of its own: the browser's behaviour, made visible, to reproduce the findings.
 */
export function createNativeStream<T = unknown>(url: string, options: NativeStreamOptions<T> = {}): EventStream {
  const telemetry = new StreamTelemetry('connecting', options.now ?? Date.now, () => options.onUpdate?.());
  const EventSourceImpl = options.EventSource ?? (globalThis.EventSource as EventSourceConstructor);
  const source = new EventSourceImpl(url);
  let heartbeatMs: number | null = null;
  let retryMs: number | null = null;
  let bootId: string | null = null;
  let instance: string | null = null;
  const follow = (reason: string) => telemetry.moveTo(STATE_OF_READY_STATE[source.readyState], reason);

  source.addEventListener('open', () => {
    telemetry.count('opens');
    follow('open');
  });
  source.addEventListener('error', () => {
    telemetry.count('errors');
    follow(source.readyState === 2 ? 'closed by the browser, no retry' : 'connection lost, browser retrying');
  });
  source.addEventListener('hello', (event) => {
    try {
      const hello = decodeHello((event as MessageEvent).data);
      ({ heartbeatMs, retryMs, bootId } = hello);
      instance = hello.instance ?? null;
    } catch {
      telemetry.count('malformed');
      return;
    }
    telemetry.sequence.rebase((event as MessageEvent).lastEventId);
    telemetry.anyEvent();
  });
  source.addEventListener('message', (event) => {
    telemetry.dataEvent(event.lastEventId);
    options.onMessage?.({ id: event.lastEventId, data: JSON.parse(event.data) as T });
  });
  source.addEventListener('heartbeat', () => telemetry.heartbeat());
  source.addEventListener('reset', () => telemetry.count('resets'));

  return {
    get state() {
      return telemetry.state;
    },
    get counters() {
      return telemetry.counters;
    },
    role: 'solo' as const,
    get instance() {
      return instance;
    },
    sharing: soloSharing('native EventSource: one stream per tab'),
    get transitions() {
      return telemetry.transitions;
    },
    snapshot: (): StreamSnapshot => ({
      mode: 'native',
      role: 'solo',
      sharing: soloSharing('native EventSource: one stream per tab'),
      url,
      state: telemetry.state,
      readyState: source.readyState,
      heartbeatMs,
      retryMs,
      bootId,
      instance,
      counters: { ...telemetry.counters },
      transitions: [...telemetry.transitions],
      receivedIds: [...telemetry.receivedIds],
      receivedAt: [...telemetry.receivedAt],
    }),
    // A native EventSource cannot be told to reconnect: that is the point of this mode.
    reconnect: () => undefined,
    close: () => {
      source.close();
      telemetry.moveTo('closed', 'closed by the app');
    },
  };
}
