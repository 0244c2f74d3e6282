/** An event as two readers of a stream compare it: its name, its id and what its data was. */
export interface EventKey {
  /** The `event:` field; absent for an unnamed event (`message`). */
  event?: string;
  id?: string;
  dataDigest: string;
}

const nameOf = ({ event }: EventKey) => event ?? 'message';

/** An event read off the wire (or kept by a reader), as it is compared: name, id and data digest only. */
export const eventKey = ({ event, id, dataDigest }: EventKey): EventKey => ({
  ...(event ? { event } : {}),
  id,
  dataDigest,
});

/**
 * The stream's feed: its events with ids of the name most of them carry (`message` where they are
 * unnamed). Events of other names, such as a hello sent at the start of each connection with the
 * connection's own data, are the connection's, not the feed's: they are left out of a comparison.
 */
export function feedOf<T extends EventKey>(events: T[]): T[] {
  const counts = new Map<string, number>();
  for (const event of withIds(events)) counts.set(nameOf(event), (counts.get(nameOf(event)) ?? 0) + 1);
  const [name] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return withIds(events).filter((event) => nameOf(event) === name);
}

const keyOf = (event: EventKey) => `${nameOf(event)}\u0000${event.id ?? ''}\u0000${event.dataDigest}`;

/** The events that carry an id: the only ones a reconnect can resume after. */
export const withIds = <T extends EventKey>(events: T[]): T[] =>
  events.filter(({ id }) => id !== undefined && id !== '');

/** The events after the one with `id` (all of them when it is not there, none when `id` is undefined). */
export function eventsAfter<T extends EventKey>(events: T[], id: string | undefined): T[] {
  if (id === undefined) return [];
  const index = events.findLastIndex((event) => event.id === id);
  return events.slice(index + 1);
}

/** Which of `wanted` never came in `got`: same id and same data, or it is not the same event. */
export const missingFrom = (wanted: EventKey[], got: EventKey[]): EventKey[] => {
  const seen = new Set(got.map(keyOf));
  return wanted.filter((event) => !seen.has(keyOf(event)));
};

/** Ids `events` holds more than once. */
export function repeatedIds(events: EventKey[]): string[] {
  const counts = new Map<string, number>();
  for (const { id } of withIds(events)) counts.set(id!, (counts.get(id!) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
}

/**
 * What `log` (a replay of the stream from one id) holds between the first and the last event of
 * `read` that it also holds, and `read` lacks: the events a reader skipped.
 */
export function skippedBetween(read: EventKey[], log: EventKey[]): EventKey[] {
  const readKeys = new Set(read.map(keyOf));
  const positions = log.flatMap((event, index) => (readKeys.has(keyOf(event)) ? [index] : []));
  if (positions.length === 0) return [];
  return log.slice(positions[0], positions.at(-1)! + 1).filter((event) => !readKeys.has(keyOf(event)));
}
