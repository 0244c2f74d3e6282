import { seconds, verdictsOf, type Verdict } from './verdict';

export interface RetryObservation {
  /** The `retry:` the wire carried, if any. */
  retryMs?: number;
  /** Its spread over several connections, where the server draws one per connection: the page's own is within it. */
  retryRangeMs?: { min: number; max: number };
  /** The page's own EventSource, after its stream was cut: from the error to the next open. */
  reconnectMs?: number;
}

/** How far a measured reconnection may stray from `retry:` and still follow it (timers on a busy machine). */
export const followsRetry = ({ min, max }: { min: number; max: number }, reconnectMs: number) =>
  reconnectMs >= min * 0.5 && reconnectMs <= max * 2 + 1_000;

/** F5: does the app set the native reconnection delay, and does the page's EventSource follow it? */
export function judgeRetry({ retryMs, retryRangeMs, reconnectMs }: RetryObservation): Verdict {
  const verdict = verdictsOf('F5', 'prod');
  const measured = {
    ...(retryMs !== undefined ? { retryMs } : {}),
    ...(retryRangeMs ? { retryMinMs: retryRangeMs.min, retryMaxMs: retryRangeMs.max } : {}),
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
  // The page's connection had a draw of its own where the server draws one per connection.
  const onTheWire = retryRangeMs
    ? `\`retry:\` from ${retryRangeMs.min} to ${retryRangeMs.max} on the wire (one per connection)`
    : `\`retry: ${retryMs}\` on the wire`;
  if (!followsRetry(retryRangeMs ?? { min: retryMs, max: retryMs }, reconnectMs)) {
    return verdict.reproduced({
      why: `${onTheWire}, yet the page reconnected after ${seconds(reconnectMs)}: this engine does not follow it`,
      advice: 'keep `retry:` within what every engine honours (see F14), or reconnect from the page with its own timer',
      measured,
    });
  }
  return verdict.mitigated({
    why: `${onTheWire}, and the page reconnected after ${seconds(reconnectMs)}`,
    measured,
  });
}
