import { eventKey, eventsAfter, feedOf, withIds } from '../event-matching';
import { pollFor } from '../poll';
import { startResumingReader } from '../resuming-reader';
import type { InstanceReplay, RollingDeployObservation } from '../verdicts/f13-rolling-deploy';
import { recordStream } from '../wire-recording';
import { watchPage, type ObservedPage } from './observed-page';
import { messagesSince } from './page-faults';

/** Events the reader must have had after the deploy: the new processes' side of the comparison. */
const READ_AFTER = 3;

/** How long a replay from before the deploy is read when it has not yet given as many events as the reader got. */
const REPLAY_MS = 10_000;

export interface RollingDeployRun {
  /** Restarts every instance in turn; says which. */
  deploy: () => Promise<unknown[]>;
  /** Each instance's own stream URL, read after the deploy (its port may have changed). */
  instanceStreams: () => Promise<{ name: string; url: string }[]>;
  boundMs: number;
}

/** A replay from `from` on one instance, its feed kept for the comparison. */
async function replayOn(
  instance: { name: string; url: string },
  from: string,
  wanted: number,
): Promise<InstanceReplay> {
  const replay = await recordStream(instance.url, {
    durationMs: REPLAY_MS,
    headers: { 'Last-Event-ID': from },
    enough: (recording) => withIds(recording.events).length > wanted,
  });
  return {
    instance: instance.name,
    ...(replay.status !== undefined ? { status: replay.status } : {}),
    events: withIds(replay.events).map(eventKey),
  };
}

/**
 * F13: every instance restarted in turn (`deploy`) while the page is open and a reader resumes the
 * stream through the edge like a browser; then each instance, on its own port, is asked to replay
 * from the reader's last id before the deploy: on a log the instances share, every one of them has
 * what the reader got since; on per-process logs, one that did not send it does not.
 */
export async function observeRollingDeploy(
  page: ObservedPage,
  streamUrl: string,
  { deploy, instanceStreams, boundMs }: RollingDeployRun,
): Promise<RollingDeployObservation> {
  const reader = startResumingReader(streamUrl);
  let stopped = false;
  try {
    const { value: before } = await pollFor(
      async () => reader.lastId(),
      (id) => id !== undefined,
      { timeoutMs: 30_000 },
    );
    if (before === undefined) {
      stopped = true;
      const { connections } = await reader.stop();
      return { instances: 0, deployMs: 0, read: [], connections, replays: [], boundMs };
    }
    const startedAt = Date.now();
    const instances = (await deploy()).length;
    const endedAt = Date.now();
    const back = await watchPage(page, messagesSince(endedAt), boundMs);
    await pollFor(
      async () => feedOf(reader.events().filter(({ at }) => at >= endedAt)).length,
      (readSince) => readSince >= READ_AFTER,
      { timeoutMs: boundMs },
    );
    stopped = true;
    const { events, connections } = await reader.stop();
    const read = feedOf(eventsAfter(events, before)).map(eventKey);
    const replays = [];
    for (const instance of await instanceStreams()) replays.push(await replayOn(instance, before, read.length));
    return {
      instances,
      deployMs: endedAt - startedAt,
      before,
      read,
      connections,
      replays,
      ...(back.met ? { pageBackMs: back.elapsedMs } : {}),
      boundMs,
    };
  } finally {
    if (!stopped) await reader.stop();
  }
}
