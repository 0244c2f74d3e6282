import { parseEventId } from '@sse-lab/contract';
import type { ClientHistory, ResetRecord } from './client-history';

export type Invariant = 'order' | 'complete' | 'log' | 'recovery' | 'gauges' | 'memory' | 'health';

export interface Violation {
  invariant: Invariant;
  /** ms since epoch: when the violating thing was seen. */
  at: number;
  detail: string;
  client?: string;
  /** The ids around it, for the report. */
  ids?: string[];
}

/** A reset that explains a jump in a client's ids: the events it skipped, and why. */
export interface ExplainedReset {
  client: string;
  at: number;
  reason: string;
  from: string;
  to: string;
  /** Accepted events the client never got because of the reset (0 across id spaces, which are not comparable). */
  skipped: number;
}

export interface HistoryCheck {
  violations: Violation[];
  eventsChecked: number;
  explained: ExplainedReset[];
}

/** How many of `sorted` (ascending) are at most `value`. */
const countUpTo = (sorted: readonly number[], value: number): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
};

/** Accepted sequence numbers strictly between `after` and `before` (an unread id space counts every number). */
const missingBetween = (accepted: readonly number[] | undefined, after: number, before: number): number =>
  accepted ? countUpTo(accepted, before - 1) - countUpTo(accepted, after) : before - after - 1;

/**
 * The client-side invariants over one history: within an id space, ids strictly increase (none
 * twice); an event the log accepted between two received ones reached the client, unless a
 * `reset` came between them (then it is explained, once per reset); a change of id space always
 * comes with a reset. Events later than `judgeUntil` are checked for order only: the reset that
 * explains a jump may be recorded up to the history's `resetSlackMs` later.
 */
export function checkHistory(
  history: ClientHistory,
  accepted: ReadonlyMap<string, readonly number[]>,
  judgeUntil = Infinity,
): HistoryCheck {
  const violations: Violation[] = [];
  const explained: ExplainedReset[] = [];
  const used = new Set<ResetRecord>();
  const explainBy = (fromAt: number, toAt: number): ResetRecord | undefined => {
    const reset = history.resets.find((r) => !used.has(r) && r.at > fromAt && r.at <= toAt + history.resetSlackMs);
    if (reset) used.add(reset);
    return reset;
  };
  let previous: { id: string; at: number; space: string; seq: number } | null = null;
  for (const event of history.events) {
    const position = parseEventId(event.id);
    if (!position) {
      violations.push({
        invariant: 'order',
        at: event.at,
        client: history.name,
        detail: `received "${event.id}", which is not an event id of the stream contract`,
        ids: [event.id],
      });
      continue;
    }
    const current = { ...event, space: position.bootId, seq: position.seq };
    if (previous && current.space === previous.space && current.seq <= previous.seq) {
      violations.push({
        invariant: 'order',
        at: event.at,
        client: history.name,
        detail: `${current.id} arrived after ${previous.id}: ${current.seq === previous.seq ? 'received twice' : 'out of order'}`,
        ids: [previous.id, current.id],
      });
    } else if (previous && event.at <= judgeUntil) {
      const sameSpace = current.space === previous.space;
      const skipped = sameSpace ? missingBetween(accepted.get(current.space), previous.seq, current.seq) : 0;
      if (!sameSpace || skipped > 0) {
        const reset = explainBy(previous.at, current.at);
        if (reset)
          explained.push({
            client: history.name,
            at: reset.at,
            reason: reset.reason,
            from: previous.id,
            to: current.id,
            skipped,
          });
        else
          violations.push({
            invariant: 'complete',
            at: event.at,
            client: history.name,
            detail: sameSpace
              ? `${skipped} accepted event(s) between ${previous.id} and ${current.id} never arrived, and no reset was sent`
              : `went from id space ${previous.space} to ${current.space} without a reset`,
            ids: [previous.id, current.id],
          });
      }
    }
    previous = current;
  }
  return { violations, eventsChecked: history.events.length, explained };
}

/** The server-side invariant: each id space's accepted sequence numbers are consecutive (the log skipped none). */
export function checkAcceptedLog(spaces: ReadonlyMap<string, readonly number[]>, at: number): Violation[] {
  const violations: Violation[] = [];
  for (const [space, seqs] of spaces) {
    for (let i = 1; i < seqs.length; i++) {
      if (seqs[i] !== seqs[i - 1] + 1) {
        violations.push({
          invariant: 'log',
          at,
          detail: `the log of id space ${space} went from ${seqs[i - 1]} to ${seqs[i]}`,
          ids: [`${space}-${seqs[i - 1]}`, `${space}-${seqs[i]}`],
        });
        break;
      }
    }
  }
  return violations;
}

/** Whether a client has the head of the log: in its id space, at or past its sequence number. */
export function caughtUp(history: ClientHistory, head: { space: string; seq: number }): boolean {
  const last = parseEventId(history.events.at(-1)?.id);
  return last !== null && last.bootId === head.space && last.seq >= head.seq;
}
