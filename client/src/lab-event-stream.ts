import { decodeRotate, FRAME, parseEventId } from '@sse-lab/contract';
import { backoffDelayMs, backoffReason, type BackoffPolicy } from './backoff.js';
import { listenToBrowser } from './browser-signals.js';
import type { EventStream } from './event-stream.js';
import {
  browserEnvironment,
  defaultSnapshotUrl,
  resumeUrl,
  type EventSourceConstructor,
  type EventStreamOptions,
  type RawFrame,
} from './event-stream-options.js';
import { FrameHandler } from './frame-handler.js';
import { deliveryTiming, type DeliveryTiming } from './delivery-timing.js';
import { assertValidOptions, DEFAULT_HEARTBEAT_MS } from './option-rules.js';
import {
  soloSharing,
  type StreamCounters,
  type StreamSnapshot,
  type StreamState,
  type TabSharing,
  type Transition,
} from './stream-state.js';
import { StreamTelemetry } from './stream-telemetry.js';
import { TimerSet } from './timer-set.js';

type Timer = 'watchdog' | 'backoff' | 'probe';
const FRAME_TYPES: readonly RawFrame['type'][] = ['hello', 'message', 'heartbeat', 'reset'];
// readyState values from the HTML spec; the constructor may be a test double without the statics.
const CONNECTING = 0;

/**
 * A resilient stream over the native EventSource: watchdog on missed heartbeats, capped
 * exponential backoff with jitter when the browser gives up, resume with `?lastEventId=`.
 */
export class LabEventStream<T> implements EventStream {
  private readonly telemetry: StreamTelemetry;
  private readonly frames: FrameHandler<T>;
  private readonly policy: BackoffPolicy;
  private readonly timing: DeliveryTiming;
  private readonly stableAfterMs: number;
  private readonly offlineProbeMs: number;
  private readonly now: () => number;
  private readonly EventSourceImpl: EventSourceConstructor;
  private readonly timers = new TimerSet<Timer>();
  private stopListening = (): void => undefined;
  private source: EventSource | undefined;
  /** Whether the current source got the server's hello (and so its `retry:`). */
  private greeted = false;
  /** The current source's `event: rotate`, when the server said it ends the stream on purpose (MAX_STREAM_MS). */
  private rotatingInMs: number | null = null;
  /** When the current source was created, and when it delivered its last frame (null before its hello). */
  private connectedAt = 0;
  private lastFrameAt: number | null = null;
  private attempt = 0;
  private created = 0;
  /** When the current source delivered its first data event or heartbeat, or null. */
  private deliveringSince: number | null = null;
  /** Numbers snapshot requests: only the newest one's answer is applied. */
  private lastResync = 0;

  constructor(
    private readonly url: string | undefined,
    private readonly options: EventStreamOptions<T>,
    /** Why this tab has a stream of its own although sharing was asked for. */
    private readonly notShared?: string,
  ) {
    assertValidOptions(options);
    const {
      heartbeatMs = DEFAULT_HEARTBEAT_MS,
      initialBackoffMs = 1000,
      backoffFactor = 2,
      maxBackoffMs = 30_000,
      jitter = 1,
      stableAfterMs = 10_000,
      offlineProbeMs = 15_000,
    } = options;
    this.policy = { initialBackoffMs, backoffFactor, maxBackoffMs, jitter };
    this.timing = deliveryTiming(options);
    this.stableAfterMs = stableAfterMs;
    this.offlineProbeMs = offlineProbeMs;
    this.now = options.now ?? Date.now;
    this.EventSourceImpl = options.EventSource ?? (globalThis.EventSource as EventSourceConstructor);
    this.telemetry = new StreamTelemetry('idle', this.now, () => options.onUpdate?.());
    this.frames = new FrameHandler<T>(this.telemetry, {
      heartbeatMs,
      position: options.resumeFrom ?? null,
      deliverOnce: false,
      onGap: (id, resumeFrom) => this.resumeAfterGap(id, resumeFrom),
      onMessage: options.onMessage,
    });
    if (!url) return;
    this.stopListening = listenToBrowser(options.environment ?? browserEnvironment(), {
      offline: () => this.goOffline(),
      online: () => this.reconnectIf(['offline', 'backoff', 'stale'], 'browser online'),
      visible: () => this.reconnectIf(['backoff', 'offline'], 'page visible again'),
    });
    this.connect('start');
  }

  get state(): StreamState {
    return this.telemetry.state;
  }

  get counters(): Readonly<StreamCounters> {
    return this.telemetry.counters;
  }

  get transitions(): readonly Transition[] {
    return this.telemetry.transitions;
  }

  readonly role = 'solo';

  get instance(): string | null {
    return this.frames.instance;
  }

  get sharing(): TabSharing {
    return soloSharing(this.notShared ?? 'shareAcrossTabs is off');
  }

  snapshot(): StreamSnapshot {
    const { state, counters, transitions, receivedIds } = this.telemetry;
    return {
      mode: 'lab',
      role: this.role,
      sharing: this.sharing,
      url: this.url ?? null,
      state,
      readyState: this.source?.readyState ?? null,
      heartbeatMs: this.frames.heartbeatMs,
      retryMs: this.frames.retryMs,
      bootId: this.frames.bootId,
      instance: this.frames.instance,
      counters: { ...counters },
      transitions: [...transitions],
      receivedIds: [...receivedIds],
      receivedAt: [...this.telemetry.receivedAt],
    };
  }

  reconnect(): void {
    if (!this.url || this.state === 'closed') return;
    this.attempt = 0;
    this.connect('reconnect requested');
  }

  close(): void {
    this.dropSource();
    this.timers.clearAll();
    this.stopListening();
    this.move('closed', 'closed by the app');
  }

  private connect(reason: string): void {
    this.dropSource();
    this.timers.clearAll();
    const source = new this.EventSourceImpl(resumeUrl(this.url as string, this.frames.position));
    if (this.created++ > 0) this.telemetry.count('reconnects');
    this.source = source;
    this.greeted = false;
    this.rotatingInMs = null;
    this.connectedAt = this.now();
    this.lastFrameAt = null;
    this.deliveringSince = null;
    this.move('connecting', reason);
    const on = (type: string, handler: (event: MessageEvent) => void) =>
      // Events of a source we replaced may still be queued: only the current one counts.
      source.addEventListener(type, (event) => source === this.source && handler(event as MessageEvent));
    on('open', () => this.onOpen());
    on('error', () => this.onError(source));
    for (const type of FRAME_TYPES)
      on(type, (event) => this.onFrame({ type, id: event.lastEventId, data: String(event.data) }));
    on(FRAME.rotate, (event) => this.onRotate(String(event.data)));
    this.armWatchdog();
  }

  private onOpen(): void {
    this.telemetry.count('opens');
    this.rotatingInMs = null;
    this.move('open', 'open');
    // Before the hello, the attempt's own wait keeps running from the source's creation.
    if (this.greeted) this.armWatchdog();
  }

  private onError(source: EventSource): void {
    this.telemetry.count('errors');
    this.deliveringSince = null;
    this.lastFrameAt = null;
    // CONNECTING: the browser retries by itself (the watchdog still runs). CLOSED: it never will.
    // A source that never got the hello never got `retry:` either: the browser would wait its own
    // default (3 s in Chromium), so the client's backoff takes over.
    if (source.readyState === CONNECTING && this.rotatingInMs !== null)
      this.move('connecting', `the server rotated the stream; browser resuming in ${this.rotatingInMs} ms`);
    else if (source.readyState === CONNECTING && this.greeted)
      this.move('connecting', 'connection lost, browser retrying');
    else if (source.readyState === CONNECTING) this.scheduleReconnect('connection failed before the hello');
    else this.scheduleReconnect('closed by the browser (non-200 answer or fatal error)');
  }

  private onFrame(frame: RawFrame): void {
    if (!this.frames.apply(frame)) return;
    this.options.onFrame?.(frame);
    this.timeFrame(frame);
    if (frame.type === 'message' || frame.type === 'heartbeat') this.noteDelivery();
    this.armWatchdog();
    if (frame.type === 'reset') void this.resync();
  }

  /**
   * The server ends this stream on purpose (its age reached MAX_STREAM_MS): the browser comes back
   * at the frame's short `retry:` and resumes from the last id, as from any lost connection.
   */
  private onRotate(raw: string): void {
    try {
      this.rotatingInMs = decodeRotate(raw).retryMs;
    } catch {
      // A malformed rotate frame changes nothing: the end that follows is a lost connection.
    }
  }

  /** The connection lost bytes (an event vanished while it stayed open): a new one replays from the last event before. */
  private resumeAfterGap(id: string, resumeFrom: string): void {
    this.telemetry.count('gapResumes');
    this.scheduleReconnect(`${id} skipped past the next id; resuming from ${resumeFrom}`);
  }

  /** Stability counts from delivered events: a path that opens and stays silent never resets the backoff. */
  private noteDelivery(): void {
    const now = this.now();
    this.deliveringSince ??= now;
    if (now - this.deliveringSince >= this.stableAfterMs) this.attempt = 0;
  }

  private async resync(): Promise<void> {
    const request = ++this.lastResync;
    const fetchImpl = this.options.fetch ?? globalThis.fetch;
    try {
      const response = await fetchImpl(this.options.snapshotUrl ?? defaultSnapshotUrl(this.url as string));
      if (!response.ok) return;
      const snapshot: unknown = await response.json();
      if (request !== this.lastResync || this.state === 'closed' || this.isBehindLiveEvents(snapshot)) return;
      this.options.onSnapshot?.(snapshot);
    } catch {
      // The next reset or reconnect tries again; the live stream goes on meanwhile.
    }
  }

  /** A snapshot of this boot older than a live event already delivered would roll the view back. */
  private isBehindLiveEvents(snapshot: unknown): boolean {
    const taken = parseEventId((snapshot as { lastId?: unknown } | null)?.lastId);
    const live = parseEventId(this.telemetry.counters.lastId);
    return taken !== null && live !== null && taken.bootId === live.bootId && live.seq > taken.seq;
  }

  /** Feeds the path's timing: how long this connection took to its hello, then the gaps between its frames. */
  private timeFrame(frame: RawFrame): void {
    const now = this.now();
    if (frame.type === 'hello' && !this.greeted) {
      this.greeted = true;
      this.timing.sampleConnect(now - this.connectedAt);
    } else if (this.lastFrameAt !== null) {
      this.timing.sampleGap(now - this.lastFrameAt);
    }
    this.lastFrameAt = now;
  }

  /**
   * Before the hello: the attempt's wait, which grows with every failed attempt. After it: the
   * silence watchdog, widened by the jitter the path has shown, within its bounds.
   */
  private armWatchdog(): void {
    if (!this.greeted) {
      const waitMs = this.timing.attemptMs(this.frames.heartbeatMs, this.attempt);
      this.timers.set('watchdog', waitMs, () =>
        this.goStale(`no answer within ${waitMs} ms (attempt ${this.attempt + 1}; the next one waits longer)`),
      );
      return;
    }
    const silenceMs = this.timing.silenceMs(this.frames.heartbeatMs);
    this.timers.set('watchdog', silenceMs, () => this.goStale(`no event for ${silenceMs} ms`));
  }

  private goStale(reason: string): void {
    this.telemetry.count('staleEpisodes');
    this.move('stale', reason);
    this.dropSource();
    this.scheduleReconnect('stale');
  }

  private scheduleReconnect(reason: string): void {
    this.dropSource();
    this.timers.clearAll();
    const delay = backoffDelayMs(this.attempt++, this.policy, this.options.random);
    this.move('backoff', backoffReason(reason, this.attempt, delay));
    this.timers.set('backoff', delay, () => this.connect('backoff elapsed'));
  }

  private goOffline(): void {
    this.dropSource();
    this.timers.clearAll();
    this.move('offline', 'browser offline');
    this.timers.set('probe', this.offlineProbeMs, () => {
      this.attempt = 0;
      this.connect(`still offline after ${this.offlineProbeMs} ms: probing`);
    });
  }

  private reconnectIf(states: StreamState[], reason: string): void {
    if (!states.includes(this.state)) return;
    this.attempt = 0;
    this.connect(reason);
  }

  private move(to: StreamState, reason: string): void {
    const transition = this.telemetry.moveTo(to, reason);
    if (transition) this.options.onStateChange?.(to, transition);
  }

  private dropSource(): void {
    this.source?.close();
    this.source = undefined;
  }
}
