import { heartbeatOf, wireFacts, type WireFacts } from './wire-facts';
import { recordStream, type WireRecording } from './wire-recording';

export interface WireProbeOptions {
  /** How long the first connection is watched: longer than the heartbeat interval it should show. */
  watchMs?: number;
  /**
   * Stop watching once the heartbeat is known: two of them (an interval), or none by
   * NO_HEARTBEAT_BY_MS (a heartbeat past the lab's 30 s ceiling is as bad as none).
   */
  untilHeartbeatKnown?: boolean;
}

/** The lab's 30 s heartbeat ceiling, and a timer's slack. */
export const NO_HEARTBEAT_BY_MS = 35_000;
/** Watched at least this long, whatever the heartbeat: the data's cadence and silences show too. */
const MIN_WATCH_MS = 10_000;

const heartbeatKnown = (recording: WireRecording, elapsedMs: number) => {
  if (elapsedMs < MIN_WATCH_MS) return false;
  const heartbeat = heartbeatOf(recording);
  return heartbeat.intervalMs !== undefined || (heartbeat.kind === 'none' && elapsedMs >= NO_HEARTBEAT_BY_MS);
};

export interface WireProbe {
  facts: WireFacts;
  first: WireRecording;
  resumed?: WireRecording;
}

/**
 * Connections opened for their `retry:` alone, one after the other, where the first carried one:
 * a server that draws it per connection shows its spread (five of a 1.5–4.5 s draw leave a page's
 * own draw under half the lowest about once in a thousand).
 */
const RETRY_SAMPLES = 4;
const RETRY_SAMPLE_MS = 3_000;

/**
 * Two connections to a stream, as a browser makes them: a first one, then one that sends the last
 * id it saw as `Last-Event-ID` (and a few more for their `retry:`). What they show is what the
 * page's EventSource cannot.
 */
export async function probeWire(
  url: string,
  { watchMs = 35_000, untilHeartbeatKnown = false }: WireProbeOptions = {},
): Promise<WireProbe> {
  const first = await recordStream(url, {
    durationMs: watchMs,
    ...(untilHeartbeatKnown ? { enough: heartbeatKnown } : {}),
  });
  if (first.status === undefined) throw new Error(`GET ${url}: no answer (${first.error})`);
  const lastId = first.events.map(({ id }) => id).findLast((id) => !!id);
  const resumed = lastId
    ? await recordStream(url, {
        durationMs: Math.min(watchMs, 15_000),
        maxEvents: 2,
        headers: { 'Last-Event-ID': lastId },
      })
    : undefined;
  const retrySamples: WireRecording[] = [];
  for (let i = 0; i < RETRY_SAMPLES && first.retries.length > 0; i++)
    retrySamples.push(
      await recordStream(url, { durationMs: RETRY_SAMPLE_MS, enough: (recording) => recording.retries.length > 0 }),
    );
  return { facts: wireFacts(first, resumed, retrySamples), first, resumed };
}
