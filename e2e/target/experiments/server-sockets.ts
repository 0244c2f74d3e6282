import { holdStreams } from '../held-stream';
import { pollFor } from '../poll';
import type { SocketObservation } from '../verdicts/f2-server-leak';

export interface SocketExperiment {
  streamUrl: string;
  /** The app's connections on its port (e.g. appConnections for its container's pid). */
  countConnections: () => Promise<number>;
  /** How the clients leave: a clean close (a tab closed) or a reset (a peer gone). */
  leave: 'close' | 'reset';
  streams?: number;
  /** How long the app has to let go of a connection once its client left. */
  boundMs?: number;
}

/**
 * The app's connection count once it holds still (`reads` equal reads in a row), or the last read
 * when it has not within `timeoutMs`: streams of an earlier experiment may still be going.
 */
export async function steadyCount(
  count: () => Promise<number>,
  { reads = 3, intervalMs = 500, timeoutMs = 10_000 } = {},
): Promise<number> {
  const seen: number[] = [];
  const { value } = await pollFor(
    async () => {
      seen.push(await count());
      return seen.slice(-reads);
    },
    (last) => last.length === reads && last.every((value) => value === last[0]),
    { timeoutMs, intervalMs },
  );
  return value.at(-1)!;
}

/**
 * F2: the app's connections on its port before, during and after `streams` clients came and left;
 * only the streams the app answered 200 are expected among them (a refused one, e.g. by a per-IP
 * limit still counting an earlier experiment's streams, holds no connection).
 */
export async function observeServerSockets({
  streamUrl,
  countConnections: count,
  leave,
  streams = 3,
  boundMs = 10_000,
}: SocketExperiment): Promise<SocketObservation> {
  const baseline = await steadyCount(count);
  const held = await holdStreams(streamUrl, streams);
  const answered = held.filter(({ status }) => status === 200).length;
  const unanswered = held.filter(({ status }) => status !== 200).map(({ status, error }) => String(status ?? error));
  let whileOpen: number;
  try {
    ({ value: whileOpen } = await pollFor(count, (value) => value >= baseline + answered, { timeoutMs: 5_000 }));
  } finally {
    for (const stream of held) (leave === 'reset' ? stream.reset : stream.close)();
  }
  const after = await pollFor(count, (value) => value <= baseline, { timeoutMs: boundMs });
  return {
    baseline,
    opened: streams,
    answered,
    ...(unanswered.length > 0 ? { unanswered } : {}),
    whileOpen,
    after: after.value,
    waitedMs: after.elapsedMs,
  };
}
