import { missingFrom, repeatedIds, skippedBetween, type EventKey } from '../event-matching';
import { seconds, verdictsOf, type Verdict } from './verdict';

/** One instance's replay from the reader's last id before the deploy. */
export interface InstanceReplay {
  instance: string;
  status?: number;
  events: EventKey[];
}

export interface RollingDeployObservation {
  instances: number;
  deployMs: number;
  /** The last id a reader resuming like a browser had read when the deploy began. */
  before?: string;
  /** What that reader read after it (the feed), through the deploy and after, and over how many connections. */
  read: EventKey[];
  connections: number;
  /** Each instance's replay from `before`, asked after the deploy: the stream's own account of what came after it. */
  replays: InstanceReplay[];
  /** When the page had a message again after the deploy, within `boundMs`. */
  pageBackMs?: number;
  boundMs: number;
}

const ADVICE_LOG =
  'keep the events in a log outside the processes (e.g. Redis Streams) so a new process resumes the clients an old one served';

/** F13: a rolling deploy under an open page and a reader that resumes like one: does anyone lose an event? */
export function judgeRollingDeploy(observed: RollingDeployObservation): Verdict {
  const verdict = verdictsOf('F13', 'prod');
  const { instances, deployMs, before, read, connections, replays, pageBackMs, boundMs } = observed;
  const answered = replays.filter(({ status }) => status === 200);
  const lacking = answered
    .map(({ instance, events }) => ({ instance, unknown: missingFrom(read, events).length }))
    .filter(({ unknown }) => unknown > 0);
  // Judged against the fullest replay: what the reader skipped, it skipped whichever instance tells it.
  const fullest = answered.reduce<EventKey[]>((most, { events }) => (events.length > most.length ? events : most), []);
  const skipped = skippedBetween(read, fullest);
  const repeated = repeatedIds(read);
  const measured = {
    instances,
    deployMs,
    ...(before ? { before } : {}),
    read: read.length,
    connections,
    replays: replays
      .map(({ instance, status, events }) => `${instance} ${status ?? 'no answer'} ${events.length}`)
      .join(', '),
    unknownToReplay: Math.max(0, ...lacking.map(({ unknown }) => unknown)),
    skipped: skipped.length,
    repeated: repeated.length,
    ...(pageBackMs !== undefined ? { pageBackMs } : {}),
  };
  const deploy = `a rolling restart of ${instances} instances (${seconds(deployMs)})`;
  if (!before)
    return verdict.inconclusive(
      'the stream carried no id before the deploy: a reconnect cannot resume, whatever the instances',
      measured,
    );
  if (pageBackMs === undefined)
    return verdict.reproduced({
      why: `the page had no message within ${seconds(boundMs)} of the end of ${deploy}`,
      advice: 'rebuild the EventSource when it is CLOSED, and let a draining instance end its streams so clients move',
      measured,
    });
  if (read.length === 0)
    return verdict.inconclusive(`a reader resuming from ${before} read no event with an id after ${deploy}`, measured);
  if (answered.length < replays.length || answered.length === 0)
    return verdict.inconclusive(
      `a replay from ${before} after the deploy was not answered 200 by every instance (${measured.replays}): nothing to hold the reader to`,
      measured,
    );
  if (lacking.length > 0)
    return verdict.reproduced({
      why: `after ${deploy}, a reader resuming through it got ${read.length} events that a replay from ${before} lacks on ${lacking.map(({ instance, unknown }) => `${instance} (${unknown} of them)`).join(', ')}: a new process does not know what the old ones sent, so a client resuming on it is reset or loses events`,
      advice: ADVICE_LOG,
      measured,
    });
  if (skipped.length > 0 || repeated.length > 0)
    return verdict.reproduced({
      why: `through ${deploy}, a reader resuming like a browser skipped ${skipped.length} events the replay has and read ${repeated.length} ids twice`,
      advice: ADVICE_LOG,
      measured,
    });
  return verdict.mitigated({
    why: `through ${deploy} a reader resuming like a browser read ${read.length} events over ${connections} connections with no gap or repeat, every instance replays them all from before the deploy, and the page had a message ${seconds(pageBackMs)} after it`,
    measured,
  });
}
