import { wireFacts, type WireFacts } from './wire-facts';
import { recordStream, type WireRecording } from './wire-recording';

export interface WireProbeOptions {
  /** How long the first connection is watched: longer than the heartbeat interval it should show. */
  watchMs?: number;
}

export interface WireProbe {
  facts: WireFacts;
  first: WireRecording;
  resumed?: WireRecording;
}

/**
 * Two connections to a stream, as a browser makes them: a first one, then one that sends the last
 * id it saw as `Last-Event-ID`. What they show is what the page's EventSource cannot.
 */
export async function probeWire(url: string, { watchMs = 35_000 }: WireProbeOptions = {}): Promise<WireProbe> {
  const first = await recordStream(url, { durationMs: watchMs });
  if (first.status === undefined) throw new Error(`GET ${url}: no answer (${first.error})`);
  const lastId = first.events.map(({ id }) => id).findLast((id) => !!id);
  const resumed = lastId
    ? await recordStream(url, {
        durationMs: Math.min(watchMs, 15_000),
        maxEvents: 2,
        headers: { 'Last-Event-ID': lastId },
      })
    : undefined;
  return { facts: wireFacts(first, resumed), first, resumed };
}
