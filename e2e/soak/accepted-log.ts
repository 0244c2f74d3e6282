import { compose } from '../chaos/compose-faults';
import { composeTarget, type SoakStack } from './soak-stack';

/** What the server side accepted, per id space (a Redis epoch, or a boot of a process's memory log): its sequence numbers. */
export interface AcceptedLog {
  /** Id space -> every sequence number seen accepted, in order. */
  readonly spaces: ReadonlyMap<string, number[]>;
  /** Reads what was accepted since the previous read. */
  poll(): Promise<void>;
  /** The id space new events go to now, and its last sequence number. */
  readonly head: { space: string; seq: number } | null;
  readonly source: string;
}

abstract class LogBase {
  readonly spaces = new Map<string, number[]>();
  head: { space: string; seq: number } | null = null;

  protected add(space: string, seqs: number[]): void {
    if (seqs.length === 0) return;
    const known = this.spaces.get(space) ?? [];
    this.spaces.set(space, known);
    for (const seq of seqs) if (seq > (known.at(-1) ?? 0)) known.push(seq);
    this.head = { space, seq: known.at(-1)! };
  }
}

// Entry ids after a cursor, with the epoch: read in one call, so both come from the same moment.
const READ_ENTRIES = `local entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+')
local out = { redis.call('GET', KEYS[2]) or '' }
for i, entry in ipairs(entries) do out[i + 1] = entry[1] end
return out`;

/** The backend's EVENT_LOG_KEY when none is set (backend/src/config/env.validation.ts). */
export const DEFAULT_EVENT_LOG_KEY = 'sse-lab:feed';

/**
 * The Redis stream itself, read from inside the Redis container (no fault point between): every
 * entry id `<seq>-0` under the epoch that names the id space.
 */
export class RedisAcceptedLog extends LogBase implements AcceptedLog {
  readonly source = 'the Redis stream (XRANGE)';
  private cursor = '-';

  /** The log's keys, as the stack's apps name them (EVENT_LOG_KEY, the backend's default unless set). */
  private readonly keyPrefix: string;

  constructor(private readonly stack: SoakStack) {
    super();
    this.keyPrefix = stack.env.EVENT_LOG_KEY || DEFAULT_EVENT_LOG_KEY;
  }

  async poll(): Promise<void> {
    const stdout = await compose(
      { ...composeTarget(this.stack), service: 'redis' },
      'exec',
      '-T',
      'redis',
      'redis-cli',
      'EVAL',
      READ_ENTRIES,
      '2',
      `${this.keyPrefix}:events`,
      `${this.keyPrefix}:epoch`,
      this.cursor,
    );
    const [epoch, ...ids] = stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line, i) => i === 0 || line !== '');
    if (!epoch) return;
    const seqs = ids.map((id) => {
      const match = /^(\d+)-0$/.exec(id);
      if (!match) throw new Error(`the Redis stream holds "${id}", not an entry id of the log (<seq>-0)`);
      return Number(match[1]);
    });
    if (ids.length > 0) this.cursor = `(${ids[ids.length - 1]}`;
    this.add(epoch, seqs);
  }
}

/**
 * A process's memory log, from its `/api/snapshot` (published port, no fault point between): its
 * sequence numbers are consecutive by construction, so a boot's accepted events are 1 to the last
 * id read. A paused or stopped process is simply read again later.
 */
export class SnapshotAcceptedLog extends LogBase implements AcceptedLog {
  readonly source = "the app's /api/snapshot (memory log)";

  constructor(private readonly appUrl: string) {
    super();
  }

  async poll(): Promise<void> {
    const res = await fetch(`${this.appUrl}/api/snapshot`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
    if (!res?.ok) return;
    const { bootId, lastId } = (await res.json()) as { bootId: string; lastId: string | null };
    const seq = Number(lastId?.split('-').at(-1) ?? 0);
    if (!seq) return;
    const known = this.spaces.get(bootId)?.at(-1) ?? 0;
    this.add(
      bootId,
      Array.from({ length: seq - known }, (_, i) => known + i + 1),
    );
  }
}

export const acceptedLogOf = (stack: SoakStack): AcceptedLog =>
  stack.log === 'redis' ? new RedisAcceptedLog(stack) : new SnapshotAcceptedLog(stack.apps[0].url);
