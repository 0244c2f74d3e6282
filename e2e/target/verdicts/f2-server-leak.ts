import { seconds, verdictsOf, type Verdict } from './verdict';

export interface SocketObservation {
  /** Connections to the app's port, seen from its network namespace, before the streams. */
  baseline: number;
  /** How many streams were asked for, how many the app answered 200, and the count while they were open. */
  opened: number;
  answered: number;
  /** What the others got: a status, or why there was no answer. */
  unanswered?: string[];
  whileOpen: number;
  /** The count once the clients had left, at the end of the wait (or as soon as it was back). */
  after: number;
  waitedMs: number;
}

/** F2, from the server's sockets: do the app's connections go when its clients do? */
export function judgeServerLeak({
  baseline,
  opened,
  answered,
  unanswered = [],
  whileOpen,
  after,
  waitedMs,
}: SocketObservation): Verdict {
  const verdict = verdictsOf('F2', 'prod');
  const measured = {
    baseline,
    opened,
    answered,
    ...(unanswered.length > 0 ? { unanswered: unanswered.join(', ') } : {}),
    whileOpen,
    after,
    waitedMs,
  };
  if (answered === 0) {
    return verdict.inconclusive(
      `none of the ${opened} streams was answered 200 (${unanswered.join(', ')}): no connection of the app's to watch`,
      measured,
    );
  }
  if (whileOpen < baseline + answered) {
    return verdict.inconclusive(
      `${answered} streams open showed ${whileOpen - baseline} more connections in the app's namespace: its sockets are not the streams'`,
      measured,
    );
  }
  if (after > baseline) {
    return verdict.reproduced({
      why: `${after - baseline} of ${answered} connections still held by the app ${seconds(waitedMs)} after their clients left`,
      advice:
        "end the stream's work when its request closes (Nest: complete the Observable on `req.on('close')`; Node: `res.on('close')`)",
      measured,
    });
  }
  return verdict.mitigated({
    why: `the app let go of all ${answered} connections within ${seconds(waitedMs)} of their clients leaving (its timers are not visible from outside)`,
    measured,
  });
}
