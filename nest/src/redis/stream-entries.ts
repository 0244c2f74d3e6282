import { formatEventId } from '@sse-lab/contract';
import type { LogEvent } from '../event-log/log-event';

/*
 * The event with sequence n is the Redis stream entry with id `n-0`, and the event id sent to
 * clients is `<epoch>-n`: one maps to the other, so any replica resumes any client from Redis.
 * The explicit id also fences the producers: Redis refuses an id that is not above the last one,
 * so two producers can never write the same sequence twice.
 */
export const streamIdOf = (seq: number): string => `${seq}-0`;

export function seqOfStreamId(streamId: string): number {
  const match = /^(\d+)-0$/.exec(streamId);
  const seq = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new Error(`stream entry "${streamId}" is not an event of this log (expected <seq>-0)`);
  return seq;
}

/** The field of an entry that holds the event's body. */
export const EVENT_FIELD = 'e';

export const encodeEntry = (ts: number, payload: unknown): string => JSON.stringify({ ts, payload });

/** A raw entry from XREAD/XRANGE (`[id, [field, value, …]]`) as an event of the log `logId`. */
export function decodeEntry(logId: string, [streamId, fields]: [string, string[]]): LogEvent {
  const seq = seqOfStreamId(streamId);
  const index = fields.indexOf(EVENT_FIELD);
  if (index < 0 || index % 2 !== 0) throw new Error(`stream entry ${streamId} has no "${EVENT_FIELD}" field`);
  const body = JSON.parse(fields[index + 1]) as { ts: number; payload: unknown };
  return { id: formatEventId(logId, seq), seq, ts: body.ts, payload: body.payload };
}
