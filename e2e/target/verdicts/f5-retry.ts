import { seconds, verdictsOf, type Verdict } from './verdict';

export interface RetryObservation {
  /** The `retry:` the wire carried, if any. */
  retryMs?: number;
  /** The page's own EventSource, after its stream was cut: from the error to the next open. */
  reconnectMs?: number;
}

/** How far a measured reconnection may stray from `retry:` and still follow it (timers on a busy machine). */
export const followsRetry = (retryMs: number, reconnectMs: number) =>
  reconnectMs >= retryMs * 0.5 && reconnectMs <= retryMs * 2 + 1_000;

/** F5: does the app set the native reconnection delay, and does the page's EventSource follow it? */
export function judgeRetry({ retryMs, reconnectMs }: RetryObservation): Verdict {
  const verdict = verdictsOf('F5', 'prod');
  const measured = {
    ...(retryMs !== undefined ? { retryMs } : {}),
    ...(reconnectMs !== undefined ? { reconnectMs } : {}),
  };
  if (retryMs === undefined) {
    const after = reconnectMs === undefined ? '' : ` (here ${seconds(reconnectMs)})`;
    return verdict.reproduced({
      why: `no \`retry:\` on the wire: the native reconnection waits whatever the engine defaults to${after}, which differs per engine`,
      advice: 'send `retry: <ms>` on the stream (e.g. with its first event) to choose the reconnection delay',
      measured,
    });
  }
  if (reconnectMs === undefined) {
    return verdict.inconclusive(`\`retry: ${retryMs}\` on the wire, but the page was not seen reconnecting`, measured);
  }
  if (!followsRetry(retryMs, reconnectMs)) {
    return verdict.reproduced({
      why: `\`retry: ${retryMs}\` on the wire, yet the page reconnected after ${seconds(reconnectMs)}: this engine does not follow it`,
      advice: 'keep `retry:` within what every engine honours (see F14), or reconnect from the page with its own timer',
      measured,
    });
  }
  return verdict.mitigated({
    why: `\`retry: ${retryMs}\` on the wire, and the page reconnected after ${seconds(reconnectMs)}`,
    measured,
  });
}
