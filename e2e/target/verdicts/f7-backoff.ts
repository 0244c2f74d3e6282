import { seconds, verdictsOf, type Verdict } from './verdict';

export interface BackoffObservation {
  /** When each failed attempt happened, in ms from the start of the outage. */
  attempts: number[];
  windowMs: number;
  /** The newest EventSource's state at the end of the outage (2 closed: given up, or about to be rebuilt). */
  stateAtEnd?: number;
  /** From the app's return to the page's next message, if one came within the bound. */
  messageAfterMs?: number;
  boundMs: number;
}

/**
 * A page backs off when the outage's second half has at most this share of the first half's
 * attempts: counted by halves, a backoff shows whatever pattern of retries it is made of.
 */
const SPACING_OUT = 2 / 3;
/**
 * Where the halves split a steady retry can put one attempt either side (a 3 s retry over 30 s
 * gave 6 and 4): that one attempt is the window's phase, never a backoff.
 */
const PHASE_ATTEMPTS = 1;
/**
 * A page also backs off when the longest wait of the outage's second half (between two attempts, or
 * the one still running at its end) is this many times the first half's usual gap: a client that
 * lets the browser retry at `retry:` until its watchdog fires, then backs off, spends most of the
 * first half at a steady pace and can still count three attempts after it (5 and 3 were seen).
 */
const WIDENING = 2;
/** Attempts that do not space out and are closer than this are a tight loop. */
const TIGHT_MS = 1_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Whether the waits between attempts grow to WIDENING times the first half's usual gap by the outage's end. */
export function waitsWiden(attempts: number[], windowMs: number): boolean {
  const half = windowMs / 2;
  const gapsBefore = attempts.slice(1).flatMap((time, index) => (time < half ? [time - attempts[index]!] : []));
  if (gapsBefore.length === 0 || attempts.length === 0) return false;
  const waitsAfter = [
    ...attempts.slice(1).flatMap((time, index) => (time >= half ? [time - attempts[index]!] : [])),
    windowMs - attempts.at(-1)!,
  ];
  return Math.max(...waitsAfter) >= WIDENING * median(gapsBefore);
}

/** F7: while the app cannot be reached, does the page back off, and does it come back? */
export function judgeBackoff({ attempts, windowMs, stateAtEnd, messageAfterMs, boundMs }: BackoffObservation): Verdict {
  const verdict = verdictsOf('F7', 'prod');
  const gaps = attempts.slice(1).map((time, index) => time - attempts[index]!);
  const firstHalf = attempts.filter((time) => time < windowMs / 2).length;
  const secondHalf = attempts.length - firstHalf;
  const measured = {
    attempts: attempts.length,
    firstHalf,
    secondHalf,
    windowMs,
    ...(attempts.length > 0 ? { lastWaitMs: windowMs - attempts.at(-1)! } : {}),
    ...(gaps.length > 0 ? { medianGapMs: median(gaps) } : {}),
    ...(messageAfterMs !== undefined ? { messageAfterMs } : {}),
  };
  // A page between a close() and its rebuild is CLOSED too: it gave up only if it never came back.
  if (stateAtEnd === 2 && messageAfterMs === undefined) {
    return verdict.reproduced({
      why: `the page's EventSource was CLOSED after ${attempts.length} failed attempts in ${seconds(windowMs)}, and nothing rebuilt it within ${seconds(boundMs)} of the app's return`,
      advice: 'rebuild the EventSource after CLOSED, with a capped exponential backoff and jitter',
      measured,
    });
  }
  if (firstHalf < 3) {
    return verdict.inconclusive(
      `${firstHalf} failed attempts in the first half of a ${seconds(windowMs)} outage: too few to tell a backoff`,
      measured,
    );
  }
  const halves = `${firstHalf} attempts in the outage's first half, ${secondHalf} in its second`;
  // Spacing out is judged first: a full-jitter backoff draws its first waits from [0, step], so its
  // few early gaps can sit under a second while the attempts still thin out.
  const widening = waitsWiden(attempts, windowMs);
  if (secondHalf + PHASE_ATTEMPTS > firstHalf * SPACING_OUT && !widening) {
    return median(gaps) < TIGHT_MS
      ? verdict.reproduced({
          why: `a tight loop: ${attempts.length} attempts in ${seconds(windowMs)}, ${median(gaps)} ms apart, and they do not space out (${halves})`,
          advice: 'back off between failed reconnections (capped exponential with jitter)',
          measured,
        })
      : verdict.reproduced({
          why: `${halves}: attempts never space out, so every tab of every user comes back in step when the app does`,
          advice: 'back off between failed reconnections (capped exponential with jitter)',
          measured,
        });
  }
  if (messageAfterMs === undefined) {
    return verdict.reproduced({
      why: `the page backed off (${halves}) but had no message within ${seconds(boundMs)} of the app's return`,
      advice: 'cap the backoff, and keep retrying until the stream opens',
      measured,
    });
  }
  return verdict.mitigated({
    why: `the page backed off (${halves}) and had messages again ${seconds(messageAfterMs)} after the app came back`,
    measured,
  });
}
