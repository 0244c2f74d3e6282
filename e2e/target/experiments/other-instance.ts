import { eventKey, eventsAfter, feedOf, withIds, type EventKey } from '../event-matching';
import { recordStream, type WireRecording } from '../wire-recording';
import type { OtherInstanceObservation } from '../verdicts/f12-other-instance';

/** Events the first instance must send after the id the other resumes from: enough to see a loss. */
const WANTED_AFTER = 3;
/** The other instance's reading goes on this long after the first's last wanted event: its replay's delivery. */
const SETTLE_MS = 2_000;

const keys = (recording: WireRecording): EventKey[] => recording.events.map(eventKey);

/**
 * F12 on the wire: a reader on one instance takes the first id it reads; a reconnect with that id
 * as `Last-Event-ID` goes to another instance, as a load balancer sends one. While both read, what
 * the first instance sends after that id is what the second owes the client. Each instance is
 * reached on its own port, so which one answered is known, not guessed.
 */
export async function observeOtherInstance(
  from: { name: string; url: string },
  to: { name: string; url: string },
  { windowMs = 60_000 } = {},
): Promise<OtherInstanceObservation> {
  let resumedFrom: string | undefined;
  let stopAt = Number.POSITIVE_INFINITY;
  let idRead: (id: string | undefined) => void = () => undefined;
  const firstId = new Promise<string | undefined>((resolve) => (idRead = resolve));
  const startedAt = Date.now();
  const reading = recordStream(from.url, {
    durationMs: windowMs,
    onEvent: ({ id }) => {
      if (id && resumedFrom === undefined) idRead((resumedFrom = id));
    },
    enough: (recording) => {
      const after = feedOf(eventsAfter(keys(recording), resumedFrom));
      if (after.length >= WANTED_AFTER && stopAt === Number.POSITIVE_INFINITY) stopAt = Date.now() + SETTLE_MS;
      return Date.now() >= stopAt;
    },
  });
  void reading.then(() => {
    idRead(undefined);
    stopAt = Math.min(stopAt, Date.now() + SETTLE_MS);
  });
  const id = await firstId;
  const resumed = id
    ? await recordStream(to.url, {
        durationMs: windowMs,
        headers: { 'Last-Event-ID': id },
        enough: () => Date.now() >= stopAt,
      })
    : undefined;
  const first = await reading;
  return {
    from: from.name,
    to: to.name,
    ...(first.status === undefined ? { error: first.error } : {}),
    ...(id ? { resumedFrom: id } : {}),
    sentAfter: feedOf(eventsAfter(keys(first), id)),
    resumed: resumed ? withIds(keys(resumed)) : [],
    ...(resumed?.status !== undefined ? { resumedStatus: resumed.status } : {}),
    watchedMs: Date.now() - startedAt,
  };
}
