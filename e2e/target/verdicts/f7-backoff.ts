import { seconds, verdictsOf, type Verdict } from './verdict';

export interface BackoffObservation {
  /** When each failed attempt happened while the app could not be reached. */
  attempts: number[];
  windowMs: number;
  /** The newest EventSource's state at the end of the outage (2 closed). */
  stateAtEnd?: number;
  /** From the app's return to the page's next message, if one came within the bound. */
  messageAfterMs?: number;
  boundMs: number;
}

/** Attempts whose gaps grow by at least this much from first to last are backing off. */
const GROWTH = 1.5;
/** Attempts closer than this are a tight loop, whatever their growth. */
const TIGHT_MS = 1_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** F7: while the app cannot be reached, does the page back off, and does it come back? */
export function judgeBackoff({ attempts, windowMs, stateAtEnd, messageAfterMs, boundMs }: BackoffObservation): Verdict {
  const verdict = verdictsOf('F7', 'prod');
  const gaps = attempts.slice(1).map((time, index) => time - attempts[index]!);
  const measured = {
    attempts: attempts.length,
    windowMs,
    ...(gaps.length > 0 ? { firstGapMs: gaps[0]!, lastGapMs: gaps.at(-1)!, medianGapMs: median(gaps) } : {}),
    ...(messageAfterMs !== undefined ? { messageAfterMs } : {}),
  };
  if (stateAtEnd === 2) {
    return verdict.reproduced({
      why: `the page's EventSource was CLOSED after ${attempts.length} failed attempts in ${seconds(windowMs)}, and nothing rebuilt it`,
      advice: 'rebuild the EventSource after CLOSED, with a capped exponential backoff and jitter',
      measured,
    });
  }
  if (gaps.length < 2) {
    return verdict.inconclusive(
      `${attempts.length} failed attempts in ${seconds(windowMs)}: too few to tell a backoff`,
      measured,
    );
  }
  if (median(gaps) < TIGHT_MS) {
    return verdict.reproduced({
      why: `a tight loop: ${attempts.length} attempts in ${seconds(windowMs)}, ${median(gaps)} ms apart`,
      advice: 'back off between failed reconnections (capped exponential with jitter)',
      measured,
    });
  }
  if (gaps.at(-1)! < gaps[0]! * GROWTH) {
    return verdict.reproduced({
      why: `attempts every ${seconds(median(gaps))} for ${seconds(windowMs)}, never spacing out: every tab of every user comes back in step when the app does`,
      advice: 'back off between failed reconnections (capped exponential with jitter)',
      measured,
    });
  }
  if (messageAfterMs === undefined) {
    return verdict.reproduced({
      why: `the page backed off (gaps ${seconds(gaps[0]!)} to ${seconds(gaps.at(-1)!)}) but had no message within ${seconds(boundMs)} of the app's return`,
      advice: 'cap the backoff, and keep retrying until the stream opens',
      measured,
    });
  }
  return verdict.mitigated({
    why: `the page backed off (gaps ${seconds(gaps[0]!)} to ${seconds(gaps.at(-1)!)}) and had messages again ${seconds(messageAfterMs)} after the app came back`,
    measured,
  });
}
