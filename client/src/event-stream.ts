import type { StreamCounters, StreamSnapshot, StreamState, TabRole, TabSharing, Transition } from './stream-state.js';

/** What every client exposes, whichever holds the connection (this tab, another tab, a bare EventSource). */
export interface EventStream {
  readonly state: StreamState;
  readonly counters: Readonly<StreamCounters>;
  readonly transitions: readonly Transition[];
  /** Whether this tab holds the stream (`leader`), receives another tab's (`follower`) or has its own (`solo`). */
  readonly role: TabRole;
  readonly sharing: TabSharing;
  /** The replica that served the last hello (INSTANCE_ID), or null before any. */
  readonly instance: string | null;
  snapshot(): StreamSnapshot;
  /** Drops the current connection and connects again now, with the backoff counter reset. */
  reconnect(): void;
  /** Ends the stream for good: no timer, listener or connection remains. */
  close(): void;
}
