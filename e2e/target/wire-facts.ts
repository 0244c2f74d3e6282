import type { WireRecording } from './wire-recording';

/** What keeps a quiet stream alive, as the wire shows it. */
export type HeartbeatKind =
  /** `:` lines: proxies see bytes, an EventSource watchdog sees nothing. */
  | 'comment'
  /** A named event (`event: heartbeat`, `ping`…): visible to a watchdog that listens for it. */
  | 'named event'
  | 'none';

/** How a stream's ids behave across a reconnect that sends `Last-Event-ID`. */
export type IdBehaviour =
  | 'no ids'
  /** The second connection starts again where the first did: nothing is resumed. */
  | 'restart per connection'
  /** The second connection continues after the id it was given. */
  | 'resume after Last-Event-ID'
  /** Ids came, but the reconnect showed neither pattern (too few events, or another scheme). */
  | 'unclear';

export interface WireFacts {
  status?: number;
  contentType?: string;
  contentEncoding?: string;
  xAccelBuffering?: string;
  cacheControl?: string;
  firstByteMs?: number;
  firstEventMs?: number;
  retryMs?: number;
  /** The `retry:` values of every connection sampled, where they differ: the server draws one per connection. */
  retryRangeMs?: { min: number; max: number };
  heartbeat: { kind: HeartbeatKind; intervalMs?: number };
  /** The longest time without a byte on the wire while it was watched. */
  maxSilenceMs: number;
  /** Data events (heartbeats left out) per minute while watched. */
  eventsPerMinute: number;
  ids: IdBehaviour;
}

const HEARTBEAT_NAME = /heart|ping|keep.?alive|beat/i;

const median = (values: number[]) =>
  values.length === 0 ? undefined : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const intervals = (times: number[]) => times.slice(1).map((time, index) => time - times[index]!);

export function heartbeatOf({ comments, events }: WireRecording): WireFacts['heartbeat'] {
  if (comments.length > 0) return { kind: 'comment', intervalMs: median(intervals(comments.map(({ atMs }) => atMs))) };
  const named = events.filter(({ event }) => event !== undefined && HEARTBEAT_NAME.test(event));
  if (named.length > 0) return { kind: 'named event', intervalMs: median(intervals(named.map(({ atMs }) => atMs))) };
  return { kind: 'none' };
}

function maxSilence({ readsAtMs, firstByteMs, ended, observedMs }: WireRecording): number {
  if (firstByteMs === undefined) return observedMs;
  const end = ended?.atMs ?? observedMs;
  return Math.max(...intervals([...readsAtMs, end]), 0);
}

const numeric = (id: string | undefined) => (id !== undefined && /^\d+$/.test(id) ? Number(id) : undefined);

/**
 * `first` is a connection as a new page opens it; `resumed` the one a browser makes after it,
 * sending the last id `first` saw as `Last-Event-ID`.
 */
function idsOf(first: WireRecording, resumed?: WireRecording): IdBehaviour {
  const firstIds = first.events.map(({ id }) => id).filter((id): id is string => id !== undefined && id !== '');
  if (firstIds.length === 0) return 'no ids';
  const resumedIds = (resumed?.events ?? []).map(({ id }) => id).filter((id): id is string => !!id);
  if (resumedIds.length === 0) return 'unclear';
  const sent = firstIds.at(-1)!;
  if (resumedIds[0] === firstIds[0] && resumedIds[0] !== sent) return 'restart per connection';
  const [sentNumber, nextNumber] = [numeric(sent), numeric(resumedIds[0])];
  if (sentNumber !== undefined && nextNumber !== undefined) {
    return nextNumber > sentNumber ? 'resume after Last-Event-ID' : 'restart per connection';
  }
  return resumedIds[0] !== sent && !firstIds.includes(resumedIds[0]!) ? 'resume after Last-Event-ID' : 'unclear';
}

/** The lowest and highest `retry:` over the connections, when they are not all the same. */
function retryRange(connections: WireRecording[]): WireFacts['retryRangeMs'] {
  const values = connections.flatMap(({ retries }) => retries.map(({ ms }) => ms));
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return values.length > 1 && min < max ? { min, max } : undefined;
}

/**
 * The facts a page cannot see, from a connection, (optionally) its resumption, and more
 * connections sampled for their `retry:` alone.
 */
export function wireFacts(
  first: WireRecording,
  resumed?: WireRecording,
  retrySamples: WireRecording[] = [],
): WireFacts {
  const retryRangeMs = retryRange([first, ...(resumed ? [resumed] : []), ...retrySamples]);
  const heartbeat = heartbeatOf(first);
  const data = first.events.filter(({ event }) => event === undefined || !HEARTBEAT_NAME.test(event));
  return {
    status: first.status,
    contentType: first.headers['content-type'],
    contentEncoding: first.headers['content-encoding'],
    xAccelBuffering: first.headers['x-accel-buffering'],
    cacheControl: first.headers['cache-control'],
    firstByteMs: first.firstByteMs,
    firstEventMs: first.events[0]?.atMs,
    retryMs: first.retries.at(-1)?.ms,
    ...(retryRangeMs ? { retryRangeMs } : {}),
    heartbeat,
    maxSilenceMs: maxSilence(first),
    eventsPerMinute: first.observedMs > 0 ? Math.round((data.length * 60_000) / first.observedMs) : 0,
    ids: idsOf(first, resumed),
  };
}
