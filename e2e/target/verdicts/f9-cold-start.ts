import { seconds, verdictsOf, type Verdict } from './verdict';

export interface ColdStartObservation {
  /** How long the app slept (its container paused) with the page's stream cut: its reconnection waited on it. */
  asleepMs: number;
  /** The errors and new EventSources the page had meanwhile. */
  attemptsAsleep: number;
  /** The newest EventSource's state when the app woke (0 connecting, 1 open, 2 closed). */
  stateAtWake?: number;
  /** From the app's waking to the page's next message, if one came within the bound. */
  messageAfterMs?: number;
  boundMs: number;
}

/** F9: when the page's reconnection meets an app still asleep (a slow first byte), does it connect once the app wakes? */
export function judgeColdStart({
  asleepMs,
  attemptsAsleep,
  stateAtWake,
  messageAfterMs,
  boundMs,
}: ColdStartObservation): Verdict {
  const verdict = verdictsOf('F9', 'prod');
  const measured = {
    asleepMs,
    attemptsAsleep,
    ...(stateAtWake !== undefined ? { stateAtWake } : {}),
    ...(messageAfterMs !== undefined ? { messageAfterMs } : {}),
  };
  if (messageAfterMs === undefined) {
    const state =
      stateAtWake === 2
        ? 'its EventSource was CLOSED when the app woke'
        : `${attemptsAsleep} errors or new EventSources while it slept`;
    return verdict.reproduced({
      why: `the page had no message within ${seconds(boundMs)} of the app waking from ${seconds(asleepMs)} asleep (${state})`,
      advice:
        'keep retrying while the app starts: rebuild the EventSource after CLOSED, and let a slow first byte run rather than abort it early',
      measured,
    });
  }
  return verdict.mitigated({
    why: `the page's reconnection waited out ${seconds(asleepMs)} of the app asleep (${attemptsAsleep} errors or new EventSources meanwhile) and had messages ${seconds(messageAfterMs)} after it woke`,
    measured,
  });
}
