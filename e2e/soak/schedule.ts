import type { CatalogueEntry, FaultGroup } from './soak-catalogue';
import { SeededRandom } from './seeded-random';

/** One fault of the schedule: when it starts (ms after the fault phase began), what, where, how long. */
export interface ScheduledFault {
  index: number;
  atMs: number;
  holdMs: number;
  group: FaultGroup;
  name: string;
  target?: string;
  service?: string;
  params: Record<string, number>;
}

/** At most this many faults at once: overlapping, yet the stack is not down all the time. */
export const MAX_OVERLAP = 3;
/** A new fault is drawn every 1 to 4 s. */
const GAP_MS: [number, number] = [1000, 4000];
/** Draws per slot before the slot is left empty (its faults clash with the active ones). */
const TRIES = 6;

const keyOf = (fault: Pick<ScheduledFault, 'name' | 'target' | 'service'>) =>
  `${fault.name}@${fault.target ?? fault.service ?? ''}`;

/**
 * The faults of a soak, drawn from the seed alone: the same seed and catalogue give the same
 * schedule. Faults overlap (up to MAX_OVERLAP), never the same fault on the same point twice at
 * once, and container faults one at a time (docker compose acts on one thing at a time here).
 */
export function drawSchedule(seed: number, durationMs: number, catalogue: readonly CatalogueEntry[]): ScheduledFault[] {
  const random = new SeededRandom(seed);
  const faults: ScheduledFault[] = [];
  for (let at = random.int(...GAP_MS); at < durationMs; at += random.int(...GAP_MS)) {
    const active = faults.filter((fault) => fault.atMs + fault.holdMs > at);
    if (active.length >= MAX_OVERLAP) continue;
    for (let tries = 0; tries < TRIES; tries++) {
      const entry = random.weighted(catalogue);
      const { request, holdMs, service } = entry.draw(random);
      const candidate = { name: request.fault.name, target: request.target, service };
      if (active.some((fault) => keyOf(fault) === keyOf(candidate))) continue;
      if (entry.group === 'containers' && active.some((fault) => fault.group === 'containers')) continue;
      faults.push({
        index: faults.length + 1,
        atMs: at,
        holdMs,
        group: entry.group,
        ...candidate,
        params: request.params,
      });
      break;
    }
  }
  return faults;
}

/** The schedule's faults by name, e.g. `{ jitter: 12, 'kill-replica': 3 }`. */
export function countByName(faults: readonly Pick<ScheduledFault, 'name'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const fault of faults) counts[fault.name] = (counts[fault.name] ?? 0) + 1;
  return counts;
}
