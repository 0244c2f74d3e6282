/** Stable event ids, `<bootId>-<seq>`: a client can tell a restarted backend from a gap. */
export interface EventPosition {
  bootId: string;
  seq: number;
}

const EVENT_ID = /^([0-9a-f]{8,32})-(0|[1-9]\d{0,15})$/;
const MAX_ID_LENGTH = 64;

export function formatEventId(bootId: string, seq: number): string {
  return `${bootId}-${seq}`;
}

/**
 * Parses an id from `Last-Event-ID`, `?lastEventId=` or a received frame. Anything but a
 * well-formed id (garbage, NUL, negative, beyond Number.MAX_SAFE_INTEGER, several values) yields
 * null: the server treats it as a fresh connect, the client as an id it cannot order.
 */
export function parseEventId(raw: unknown): EventPosition | null {
  if (typeof raw !== 'string' || raw.length > MAX_ID_LENGTH) return null;
  const match = EVENT_ID.exec(raw.trim());
  if (!match) return null;
  const seq = Number(match[2]);
  if (!Number.isSafeInteger(seq)) return null;
  return { bootId: match[1], seq };
}
