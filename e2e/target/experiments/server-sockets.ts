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

/** F2: the app's connections on its port before, during and after `streams` clients came and left. */
export async function observeServerSockets({
  streamUrl,
  countConnections: count,
  leave,
  streams = 3,
  boundMs = 10_000,
}: SocketExperiment): Promise<SocketObservation> {
  const baseline = await count();
  const held = await holdStreams(streamUrl, streams);
  let whileOpen: number;
  try {
    ({ value: whileOpen } = await pollFor(count, (value) => value >= baseline + streams, { timeoutMs: 5_000 }));
  } finally {
    for (const stream of held) (leave === 'reset' ? stream.reset : stream.close)();
  }
  const after = await pollFor(count, (value) => value <= baseline, { timeoutMs: boundMs });
  return { baseline, opened: streams, whileOpen, after: after.value, waitedMs: after.elapsedMs };
}
