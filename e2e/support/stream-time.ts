import type { StreamSnapshot } from './lab-page';

/** How long a client was without an open stream between `from` and `to` (ms since epoch), from its transitions. */
export function timeWithoutStream(
  snapshot: Pick<StreamSnapshot, 'transitions' | 'state'>,
  from: number,
  to: number,
): number {
  const transitions = snapshot.transitions.filter((t) => t.at <= to);
  const before = transitions.filter((t) => t.at <= from).at(-1);
  let state = before ? before.to : (transitions.find((t) => t.at > from)?.from ?? snapshot.state);
  let since = from;
  let without = 0;
  for (const transition of transitions.filter((t) => t.at > from)) {
    if (state !== 'open') without += transition.at - since;
    state = transition.to;
    since = transition.at;
  }
  if (state !== 'open') without += to - since;
  return without;
}
