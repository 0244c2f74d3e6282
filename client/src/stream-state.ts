export type StreamState = 'idle' | 'connecting' | 'open' | 'stale' | 'backoff' | 'offline' | 'closed';

export interface Transition {
  /** ms since epoch */
  at: number;
  from: StreamState;
  to: StreamState;
  reason: string;
}

export interface StreamCounters {
  /** EventSource objects created after the first one. */
  reconnects: number;
  opens: number;
  errors: number;
  /** Times the watchdog found the stream silent. */
  staleEpisodes: number;
  /** Data events missing between consecutive ids. */
  gaps: number;
  /** Connections given up at an id that skipped past the next one, and resumed from the last id before it (nothing missing then). */
  gapResumes: number;
  duplicates: number;
  resets: number;
  /** Frames that did not match the stream contract: ignored. */
  malformed: number;
  /** Messages between tabs that were malformed, foreign or from a former leader: ignored. */
  channelIgnored: number;
  /** Data events received. */
  events: number;
  heartbeats: number;
  lastId: string | null;
  /** ms since epoch of the last heartbeat, or null. */
  lastHeartbeatAt: number | null;
  /** ms since epoch of the last event of any type, or null. */
  lastEventAt: number | null;
}

/** `leader`: this tab holds the stream and relays it; `follower`: it receives the leader's; `solo`: a stream of its own. */
export type TabRole = 'leader' | 'follower' | 'solo';

export interface TabSharing {
  /** Whether this tab takes part in sharing one stream across tabs. */
  enabled: boolean;
  /** Why not, when it does not (option off, Web Locks or BroadcastChannel missing, native mode). */
  reason: string | null;
  /** Tabs sharing the stream, this one included (as the leader last counted them). */
  tabs: number;
  /** The current leader's term: increases with each handover. */
  epoch: number;
}

/** What a client exposes to the dashboard and to end-to-end tests (`window.__sseLab`). */
export interface StreamSnapshot {
  mode: 'lab' | 'native';
  role: TabRole;
  sharing: TabSharing;
  url: string | null;
  state: StreamState;
  /** Native `readyState` of the current EventSource, or null when there is none. */
  readyState: number | null;
  heartbeatMs: number | null;
  /** The `retry:` the server sent this connection (from its hello), or null before any hello. */
  retryMs: number | null;
  bootId: string | null;
  /** The replica that served the last hello (INSTANCE_ID), or null before any. */
  instance: string | null;
  counters: StreamCounters;
  transitions: Transition[];
  receivedIds: string[];
  /** When each received id arrived (ms since epoch): the event ticks of the report's timelines. */
  receivedAt: number[];
}

export const soloSharing = (reason: string): TabSharing => ({ enabled: false, reason, tabs: 1, epoch: 0 });

export const newCounters = (): StreamCounters => ({
  reconnects: 0,
  opens: 0,
  errors: 0,
  staleEpisodes: 0,
  gaps: 0,
  gapResumes: 0,
  duplicates: 0,
  resets: 0,
  malformed: 0,
  channelIgnored: 0,
  events: 0,
  heartbeats: 0,
  lastId: null,
  lastHeartbeatAt: null,
  lastEventAt: null,
});
