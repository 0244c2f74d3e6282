import type { WireFacts } from '../wire-facts';
import { seconds, verdictsOf, type Verdict } from './verdict';

/** The lab's decision: a heartbeat every 30 s, under the idle timeouts of the platforms it met (55 s and up). */
export const HEARTBEAT_CEILING_MS = 30_000;
/** A timer on a busy app fires late; a heartbeat this much past the ceiling still counts. */
const LATE_SLACK = 1.1;

const ADVICE = `send a named heartbeat event (e.g. \`event: heartbeat\`) every ≤ ${HEARTBEAT_CEILING_MS / 1000} s`;

/** F6 from the wire: is there a heartbeat an EventSource watchdog can see, often enough? */
export function judgeHeartbeat({ heartbeat, maxSilenceMs, eventsPerMinute }: WireFacts, watchedMs: number): Verdict {
  const verdict = verdictsOf('F6', 'prod');
  const measured = { heartbeat: heartbeat.kind, maxSilenceMs, eventsPerMinute, watchedMs };
  if (heartbeat.kind === 'none') {
    return verdict.reproduced({
      why: `no heartbeat in ${seconds(watchedMs)} on the wire: while the app has no data the stream is silent, and neither a proxy nor a watchdog can tell it from a dead one`,
      advice: ADVICE,
      measured,
    });
  }
  if (heartbeat.intervalMs === undefined) {
    return verdict.inconclusive(
      `one ${heartbeat.kind} heartbeat in ${seconds(watchedMs)}: its interval needs two; watch the wire longer`,
      measured,
    );
  }
  const withInterval = { ...measured, heartbeatIntervalMs: heartbeat.intervalMs };
  if (heartbeat.kind === 'comment') {
    return verdict.reproduced({
      why: `the heartbeat is a comment every ${seconds(heartbeat.intervalMs)}: proxies see it, an EventSource never does, so a watchdog in the page cannot`,
      advice: ADVICE,
      measured: withInterval,
    });
  }
  if (heartbeat.intervalMs > HEARTBEAT_CEILING_MS * LATE_SLACK) {
    return verdict.reproduced({
      why: `a named heartbeat every ${seconds(heartbeat.intervalMs)}: past ${seconds(HEARTBEAT_CEILING_MS)}, where idle timeouts start to cut`,
      advice: ADVICE,
      measured: withInterval,
    });
  }
  return verdict.mitigated({
    why: `a named heartbeat every ${seconds(heartbeat.intervalMs)} on the wire: an EventSource sees it`,
    measured: withInterval,
  });
}
