/** The stream's Prometheus series on `GET /api/metrics`. */
export const METRIC = {
  activeStreams: 'sse_active_streams',
  heartbeatTimers: 'sse_heartbeat_timers',
  streamsOpened: 'sse_streams_opened_total',
  streamsClosed: 'sse_streams_closed_total',
  rejected: 'sse_rejected_total',
  eventsSent: 'sse_events_sent_total',
  eventsReplayed: 'sse_replayed_events_total',
} as const;

/** `sse_streams_closed_total{reason}`. */
export const CLOSE_REASONS = [
  /** The client went away with a FIN (tab closed, proxy dropped). */
  'client',
  /** The client's connection was reset (RST): a crashed peer, or a proxy that aborted it. */
  'reset',
  /** The server is shutting down: streams end cleanly so clients move on. */
  'shutdown',
  /** The stream failed while it was being built or served. */
  'error',
  /** The socket did not drain for DEAD_PEER_MS: the peer stopped acknowledging. */
  'dead-peer',
  /** More than SLOW_CLIENT_BUFFER_KB waited for the client: it reads slower than the stream. */
  'slow-client',
  /** The stream reached MAX_STREAM_MS and was ended with `event: rotate`, before a platform's cap would cut it. */
  'max-duration',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** `sse_rejected_total{reason}`. */
export const REJECT_REASONS = ['ip-limit', 'shutting-down', 'event-log-unavailable'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
