/** The keys of one log under EVENT_LOG_KEY: replicas with the same prefix share the feed. */
export interface LogKeys {
  /** The stream of events. */
  events: string;
  /** The id space of the stream; a new one when Redis lost the stream (a restart without persistence). */
  epoch: string;
  /** Who appends the demo feed now. */
  producer: string;
}

export const logKeys = (prefix: string): LogKeys => ({
  events: `${prefix}:events`,
  epoch: `${prefix}:epoch`,
  producer: `${prefix}:producer`,
});
