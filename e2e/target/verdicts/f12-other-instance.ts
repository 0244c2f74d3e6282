import { missingFrom, type EventKey } from '../event-matching';
import { seconds, verdictsOf, type Verdict } from './verdict';

export interface OtherInstanceObservation {
  /** The instance read first, and the one asked to resume from its id. */
  from: string;
  to: string;
  /** Why the first instance gave no answer, if it did not. */
  error?: string;
  /** The first id read from `from`: the `Last-Event-ID` sent to `to`. */
  resumedFrom?: string;
  /** What `from` sent after that id (events with ids), while `to` was read. */
  sentAfter: EventKey[];
  /** What `to` sent (events with ids), and its status. */
  resumed: EventKey[];
  resumedStatus?: number;
  watchedMs: number;
}

/** F12: a reconnect that lands on another instance, from the wire: does it get what the client missed? */
export function judgeOtherInstance(observed: OtherInstanceObservation): Verdict {
  const verdict = verdictsOf('F12', 'prod');
  const { from, to, resumedFrom, sentAfter, resumed, resumedStatus, watchedMs, error } = observed;
  const missing = missingFrom(sentAfter, resumed);
  const measured = {
    from,
    to,
    ...(resumedFrom ? { resumedFrom } : {}),
    sentAfter: sentAfter.length,
    ...(resumedStatus !== undefined ? { resumedStatus } : {}),
    resumed: resumed.length,
    missing: missing.length,
    ...(resumed[0]?.id ? { firstIdFromOther: resumed[0].id } : {}),
    watchedMs,
  };
  if (error) return verdict.inconclusive(`${from} gave no stream (${error})`, measured);
  if (!resumedFrom)
    return verdict.inconclusive(
      `${from} sent no event with an id in ${seconds(watchedMs)}: a reconnect cannot resume on any instance, one or several (F5 looks at ids)`,
      measured,
    );
  if (resumedStatus !== 200)
    return verdict.inconclusive(
      `${to} answered ${resumedStatus ?? 'nothing'} to a reconnect from ${from}'s id ${resumedFrom}: no stream to compare`,
      measured,
    );
  if (sentAfter.length === 0)
    return verdict.inconclusive(
      `${from} sent nothing after ${resumedFrom} in ${seconds(watchedMs)}: nothing the other instance could owe`,
      measured,
    );
  if (missing.length > 0)
    return verdict.reproduced({
      why: `${missing.length} of the ${sentAfter.length} events ${from} sent after ${resumedFrom} never came from ${to}, which a reconnect from that id reached${resumed[0]?.id ? ` (its first id: ${resumed[0].id})` : ''}`,
      advice:
        'keep the events in a log every instance reads (e.g. Redis Streams) and take their ids from it, so any instance resumes any Last-Event-ID',
      measured,
    });
  return verdict.mitigated({
    why: `${to} resumed from ${from}'s id ${resumedFrom} with all ${sentAfter.length} events ${from} sent after it, same ids and data`,
    measured,
  });
}
