import type { PageActivity } from '../page-episodes';
import { seconds, verdictsOf, type Verdict } from './verdict';

export interface SilenceObservation {
  /** Messages the page had before the network went silent. */
  messagesBefore: number;
  /** How long the silence was held, and what the page did in it. */
  windowMs: number;
  during: PageActivity;
  /** From the silence's start to the page's first reaction (an error, a close or a new EventSource). */
  reactedAfterMs?: number;
  /** The newest EventSource's state at the end of the window (1 open). */
  stateAtEnd?: number;
  /** From the network's return to the next message, if one came within the bound. */
  messageAfterMs?: number;
  boundMs: number;
}

/** F1: does the page notice a stream that stays open but says nothing, and get its messages back? */
export function judgeSilence(observation: SilenceObservation): Verdict {
  const { messagesBefore, windowMs, during, reactedAfterMs, stateAtEnd, messageAfterMs, boundMs } = observation;
  const verdict = verdictsOf('F1', 'prod');
  const measured = {
    windowMs,
    ...(reactedAfterMs !== undefined ? { reactedAfterMs } : {}),
    ...(messageAfterMs !== undefined ? { messageAfterMs } : {}),
  };
  if (messagesBefore === 0) return verdict.inconclusive('the page had no message before the silence', measured);
  const advice =
    'watch for silence in the page: with a named heartbeat every H s, rebuild the EventSource after 2–3 H without an event';
  if (reactedAfterMs === undefined) {
    const state = stateAtEnd === 1 ? 'OPEN' : `in readyState ${stateAtEnd}`;
    return verdict.reproduced({
      why: `the page's EventSource stayed ${state} for ${seconds(windowMs)} with no message and no new request: it cannot tell a silent stream from a quiet one`,
      advice,
      measured,
    });
  }
  if (messageAfterMs === undefined) {
    return verdict.reproduced({
      why: `the page reacted after ${seconds(reactedAfterMs)} (${during.closes} closed, ${during.constructs} new), but no message came within ${seconds(boundMs)} of the network's return`,
      advice: 'after the watchdog fires, rebuild the EventSource and keep retrying until it opens',
      measured,
    });
  }
  return verdict.mitigated({
    why: `the page noticed the silence after ${seconds(reactedAfterMs)} and had messages again ${seconds(messageAfterMs)} after the network came back`,
    measured,
  });
}
