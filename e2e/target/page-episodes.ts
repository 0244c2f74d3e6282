import type { ObservedEvent } from './observer-script';

/** What the page's stream client did in a window, from the observer's record. */
export interface PageActivity {
  constructs: number;
  opens: number;
  errors: number;
  closes: number;
  messages: number;
}

const within = (observed: ObservedEvent[], from: number, to = Infinity) =>
  observed.filter(({ at }) => at >= from && at <= to);

export function activityIn(observed: ObservedEvent[], from: number, to = Infinity): PageActivity {
  const events = within(observed, from, to);
  const count = (kind: ObservedEvent['kind']) => events.filter((event) => event.kind === kind).length;
  return {
    constructs: count('construct'),
    opens: count('open'),
    errors: count('error'),
    closes: count('close'),
    messages: count('message'),
  };
}

/** The page's first stream error after `since`, and the first open after that error: a reconnection. */
export function reconnectionAfter(
  observed: ObservedEvent[],
  since: number,
): { errorAt: number; openAt?: number; delayMs?: number } | undefined {
  const error = observed.find(({ kind, at }) => kind === 'error' && at >= since);
  if (!error) return undefined;
  const open = observed.find(({ kind, at }) => kind === 'open' && at >= error.at);
  return open ? { errorAt: error.at, openAt: open.at, delayMs: open.at - error.at } : { errorAt: error.at };
}

/**
 * The times of the page's failed connection attempts in a window: an EventSource fires `error` on
 * each (its own retries and a rebuilt one's alike), so the gaps between them are its backoff.
 */
export const attemptTimes = (observed: ObservedEvent[], from: number, to: number): number[] =>
  within(observed, from, to)
    .filter(({ kind }) => kind === 'error')
    .map(({ at }) => at);

/** The state the page's newest EventSource was last seen in (0 connecting, 1 open, 2 closed). */
export function lastReadyState(observed: ObservedEvent[]): number | undefined {
  const newest = Math.max(-1, ...observed.map(({ source }) => source ?? -1));
  const ofNewest = observed.filter(({ source }) => source === newest);
  const last = ofNewest.at(-1);
  if (!last) return undefined;
  if (last.kind === 'close') return 2;
  if (last.kind === 'message' || last.kind === 'open') return 1;
  return last.readyState;
}
