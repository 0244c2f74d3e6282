import type { EventStream } from './event-stream.js';
import type { EventStreamOptions, RawFrame, TabApis, TabChannelConstructor, TabLocks } from './event-stream-options.js';
import { deliveryTiming, type DeliveryTiming } from './delivery-timing.js';
import { FrameHandler } from './frame-handler.js';
import { assertValidOptions, DEFAULT_HEARTBEAT_MS, NUMERIC_OPTIONS, type NumericOption } from './option-rules.js';
import type { StreamCounters, StreamSnapshot, StreamState, TabRole, TabSharing } from './stream-state.js';
import { StreamTelemetry } from './stream-telemetry.js';
import { readTabMessage, TAB_PROTOCOL, type TabMessage, type TabPayload } from './tab-messages.js';
import { TimerSet } from './timer-set.js';

/** How often a follower says it is there; the leader forgets a tab silent for three times that. */
export const PRESENCE_MS = 2000;

/** The Web Locks and BroadcastChannel APIs, or why the tab cannot share. */
export function tabApis(apis: TabApis = {}): { locks: TabLocks; BroadcastChannel: TabChannelConstructor } | string {
  const locks = apis.locks ?? (globalThis.navigator as { locks?: TabLocks } | undefined)?.locks;
  const Channel = apis.BroadcastChannel ?? (globalThis.BroadcastChannel as TabChannelConstructor | undefined);
  if (!locks) return 'the Web Locks API is missing: one stream per tab';
  if (!Channel) return 'BroadcastChannel is missing: one stream per tab';
  return { locks, BroadcastChannel: Channel };
}

/** Tabs share a stream only for the same absolute URL and the same client options. */
export function sharingKey(url: string, options: Partial<Record<NumericOption, number>>): string {
  const absolute = new URL(url, globalThis.location?.href ?? 'http://localhost/').toString();
  const shaping = NUMERIC_OPTIONS.filter((key) => options[key] !== undefined).map((key) => `${key}=${options[key]}`);
  return `sse-lab:${absolute}#${shaping.join('&')}`;
}

const newTabId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

type Timer = 'watchdog' | 'presence';

/**
 * One stream for every tab of a browser: the tab holding the Web Lock named after the stream
 * (the leader) runs the lab client and relays each frame, its state and its snapshots over a
 * BroadcastChannel; the others (followers) apply what they receive, with a watchdog of their own.
 * The browser releases the lock when the leader's tab closes or crashes: the next tab in the
 * lock's queue takes over and resumes from the last id it received.
 */
export class SharedEventStream<T> implements EventStream {
  private readonly tabId = newTabId();
  private readonly telemetry: StreamTelemetry;
  private readonly frames: FrameHandler<T>;
  private readonly channel: InstanceType<TabChannelConstructor>;
  private readonly abort = new AbortController();
  private readonly timers = new TimerSet<Timer>();
  /** The follower's watchdog, sized like the leader's from the gaps between relayed frames. */
  private readonly timing: DeliveryTiming;
  private lastRelayedAt: number | null = null;
  /** Followers by tab id, with when each was last heard of (leader only). */
  private readonly followers = new Map<string, number>();
  private readonly now: () => number;
  private role_: TabRole = 'follower';
  private inner: EventStream | undefined;
  private releaseLock: (() => void) | undefined;
  private epoch = 0;
  private tabs = 1;
  private leaderState: StreamState = 'connecting';
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: EventStreamOptions<T>,
    apis: { locks: TabLocks; BroadcastChannel: TabChannelConstructor },
    private readonly createInner: (options: EventStreamOptions<T>) => EventStream,
  ) {
    assertValidOptions(options);
    this.now = options.now ?? Date.now;
    this.timing = deliveryTiming(options);
    this.telemetry = new StreamTelemetry('idle', this.now, () => options.onUpdate?.());
    this.frames = new FrameHandler<T>(this.telemetry, {
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      position: null,
      deliverOnce: true,
      onMessage: options.onMessage,
    });
    const key = sharingKey(url, options);
    this.channel = new apis.BroadcastChannel(key);
    this.channel.addEventListener('message', this.onChannelMessage);
    this.move('connecting', 'waiting for the tab that holds the stream');
    this.announce();
    this.armWatchdog();
    apis.locks.request(key, { signal: this.abort.signal }, () => this.lead()).catch(() => undefined);
  }

  get state(): StreamState {
    return this.telemetry.state;
  }

  get counters() {
    return this.mergedCounters();
  }

  get transitions() {
    return this.telemetry.transitions;
  }

  get instance(): string | null {
    return this.frames.instance;
  }

  get role(): TabRole {
    return this.role_;
  }

  get sharing(): TabSharing {
    return { enabled: true, reason: null, tabs: this.tabs, epoch: this.epoch };
  }

  snapshot(): StreamSnapshot {
    const inner = this.inner?.snapshot();
    return {
      mode: 'lab',
      role: this.role_,
      sharing: this.sharing,
      url: this.url,
      state: this.telemetry.state,
      readyState: inner?.readyState ?? null,
      heartbeatMs: this.frames.heartbeatMs,
      retryMs: inner?.retryMs ?? null,
      bootId: this.frames.bootId,
      instance: this.frames.instance,
      counters: this.mergedCounters(),
      transitions: [...this.telemetry.transitions],
      receivedIds: [...this.telemetry.receivedIds],
      receivedAt: [...this.telemetry.receivedAt],
    };
  }

  /** The leader reconnects its stream; a follower has none to reconnect. */
  reconnect(): void {
    this.inner?.reconnect();
  }

  /** Leaves at once: a leader's lock goes to the next tab; the last tab leaves no lock, channel, timer or connection. */
  close(): void {
    if (this.closed) return;
    this.post({ kind: 'bye' });
    this.closed = true;
    this.abort.abort();
    this.inner?.close();
    this.inner = undefined;
    this.releaseLock?.();
    this.releaseLock = undefined;
    this.timers.clearAll();
    this.channel.removeEventListener('message', this.onChannelMessage);
    this.channel.close();
    this.move('closed', 'closed by the app');
  }

  /** The tab's counters; a leader's connection counters are its stream's. */
  private mergedCounters(): StreamCounters {
    const inner = this.inner?.counters;
    if (!inner) return { ...this.telemetry.counters };
    const { reconnects, opens, errors, staleEpisodes, gapResumes } = inner;
    return { ...this.telemetry.counters, reconnects, opens, errors, staleEpisodes, gapResumes };
  }

  /** Runs while this tab holds the lock: the returned promise is the leadership. */
  private lead(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.role_ = 'leader';
    this.epoch += 1;
    this.timers.clear('watchdog');
    this.options.onUpdate?.();
    this.inner = this.createInner({
      ...this.options,
      shareAcrossTabs: false,
      heartbeatMs: this.frames.heartbeatMs,
      resumeFrom: this.telemetry.counters.lastId,
      onMessage: undefined,
      onFrame: (frame) => {
        this.applyFrame(frame);
        this.post({ kind: 'frame', frame });
      },
      onSnapshot: (body) => {
        this.options.onSnapshot?.(body);
        this.post({ kind: 'snapshot', body });
      },
      onStateChange: (state, transition) => {
        this.leaderState = state;
        this.move(state, transition.reason);
        this.postState();
      },
      onUpdate: () => this.options.onUpdate?.(),
    });
    this.postState();
    return new Promise<void>((resolve) => (this.releaseLock = resolve));
  }

  private readonly onChannelMessage = (event: MessageEvent): void => {
    const message = readTabMessage(event.data);
    if (!message) return this.telemetry.count('channelIgnored');
    if (message.from === this.tabId) return;
    const fromFormerLeader =
      (message.kind === 'frame' || message.kind === 'state' || message.kind === 'snapshot') &&
      message.epoch < this.epoch;
    if (fromFormerLeader) return this.telemetry.count('channelIgnored');
    if (this.role_ === 'follower') this.epoch = Math.max(this.epoch, message.epoch);
    if (this.role_ === 'leader') this.onFollowerMessage(message);
    else this.onLeaderMessage(message);
  };

  private onLeaderMessage(message: TabMessage): void {
    switch (message.kind) {
      case 'frame':
        this.applyFrame(message.frame);
        break;
      case 'state':
        this.frames.heartbeatMs = message.heartbeatMs;
        this.tabs = message.tabs;
        this.leaderState = message.state;
        if (this.state !== 'stale') this.move(message.state, `leader: ${message.state}`);
        this.options.onUpdate?.();
        break;
      case 'snapshot':
        this.options.onSnapshot?.(message.body);
        break;
      default:
        break;
    }
  }

  private onFollowerMessage(message: TabMessage): void {
    if (message.kind === 'presence') this.followers.set(message.from, this.now());
    else if (message.kind === 'bye') this.followers.delete(message.from);
    else return;
    this.postState();
  }

  /** A frame of the stream: the leader's as its stream receives it, a follower's as relayed. */
  private applyFrame(frame: RawFrame): void {
    if (this.frames.apply(frame) && this.role_ === 'follower') this.onRelayedEvent();
  }

  private onRelayedEvent(): void {
    const now = this.now();
    if (this.lastRelayedAt !== null) this.timing.sampleGap(now - this.lastRelayedAt);
    this.lastRelayedAt = now;
    if (this.state === 'stale') this.move(this.leaderState, "the leader's stream is live again");
    this.armWatchdog();
  }

  /** The follower's watchdog: it only reports the silence; the leader's own watchdog reconnects. */
  private armWatchdog(): void {
    const silenceMs = this.timing.silenceMs(this.frames.heartbeatMs);
    this.timers.set('watchdog', silenceMs, () => {
      this.telemetry.count('staleEpisodes');
      this.move('stale', `no relayed event for ${silenceMs} ms; the leader tab holds the stream`);
    });
  }

  private announce(): void {
    if (this.role_ === 'follower') this.post({ kind: 'presence' });
    this.timers.set('presence', PRESENCE_MS, () => this.announce());
  }

  private postState(): void {
    const now = this.now();
    for (const [tab, seenAt] of this.followers) if (now - seenAt > 3 * PRESENCE_MS) this.followers.delete(tab);
    this.tabs = this.followers.size + 1;
    this.post({ kind: 'state', state: this.leaderState, heartbeatMs: this.frames.heartbeatMs, tabs: this.tabs });
    this.options.onUpdate?.();
  }

  private post(payload: TabPayload): void {
    if (this.closed) return;
    this.channel.postMessage({ v: TAB_PROTOCOL, from: this.tabId, epoch: this.epoch, ...payload });
  }

  private move(to: StreamState, reason: string): void {
    const transition = this.telemetry.moveTo(to, reason);
    if (transition) this.options.onStateChange?.(to, transition);
  }
}
