import { seconds, verdictsOf, type Verdict } from './verdict';

export interface Proxy5xxObservation {
  /** How long the app stayed unreachable behind nginx (which answers 502 meanwhile). */
  heldMs: number;
  /** From the outage's start to the page's first failed connection that left its EventSource CLOSED. */
  closedAfterMs?: number;
  /** EventSources the page built after that. */
  rebuiltAfter: number;
  /** From the app's return to the page's next message, if one came within the bound. */
  messageAfterMs?: number;
  boundMs: number;
}

/** F10: behind a proxy that answers 5xx while the app is away, does the page come back? */
export function judgeProxy5xx({
  heldMs,
  closedAfterMs,
  rebuiltAfter,
  messageAfterMs,
  boundMs,
}: Proxy5xxObservation): Verdict {
  const verdict = verdictsOf('F10', 'prod+nginx');
  const measured = {
    heldMs,
    rebuiltAfter,
    ...(closedAfterMs !== undefined ? { closedAfterMs } : {}),
    ...(messageAfterMs !== undefined ? { messageAfterMs } : {}),
  };
  if (closedAfterMs === undefined) {
    return verdict.inconclusive(
      `the page's EventSource never ended CLOSED in ${seconds(heldMs)} of nginx answering 502: it made no attempt that met the 5xx`,
      measured,
    );
  }
  if (messageAfterMs === undefined) {
    return verdict.reproduced({
      why: `nginx's 502 ended the page's EventSource (CLOSED after ${seconds(closedAfterMs)}), ${rebuiltAfter === 0 ? 'and nothing rebuilt it' : `${rebuiltAfter} rebuilt`}: no message within ${seconds(boundMs)} of the app's return`,
      advice:
        'rebuild the EventSource after CLOSED (a 5xx from any proxy ends it for good), with a capped exponential backoff',
      measured,
    });
  }
  return verdict.mitigated({
    why: `nginx's 502 ended the page's EventSource after ${seconds(closedAfterMs)}; the page rebuilt it (${rebuiltAfter} new) and had messages again ${seconds(messageAfterMs)} after the app came back`,
    measured,
  });
}
