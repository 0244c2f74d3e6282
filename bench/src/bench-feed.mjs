// The feed both comparison servers broadcast, as the lab's producer does: <boot>-<seq> ids and a
// payload that starts with the sequence and the server's timestamp, over a walk of KPIs.
import { randomBytes } from 'node:crypto';

export const bootId = randomBytes(4).toString('hex');
let seq = 0;
let kpis = { activeUsers: 1200, ordersPerMinute: 85, errorRatePct: 0.4, p95LatencyMs: 180 };

/** The id of the last event produced (`<boot>-0` before the first). */
export const lastId = () => `${bootId}-${seq}`;

/**
 * Produces an event every `tickMs` and hands `onEvent` its id and serialized data.
 * @param {number} tickMs
 * @param {(id: string, data: string) => void} onEvent
 */
export function startFeed(tickMs, onEvent) {
  setInterval(() => {
    seq++;
    kpis = { ...kpis, activeUsers: kpis.activeUsers + Math.round((Math.random() - 0.5) * 40) };
    onEvent(lastId(), JSON.stringify({ seq, ts: Date.now(), payload: kpis }));
  }, tickMs);
}
