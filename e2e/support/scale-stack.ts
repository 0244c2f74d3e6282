import { ToxiproxyAdmin } from '@sse-lab/test-support';
import type { ReplicaStack } from '../chaos/replica-faults';
import { describeRecovery, resetOrRestart } from '../chaos/toxiproxy-recovery';
import { REPO_ROOT, SCALE_COMPOSE_FILE, scaleProject, scaleUrls, type EventLogKind } from '../lab-settings';

/** One scaled stack of the suite: two replicas behind nginx, on the Redis log or on per-process logs. */
export interface ScaleStack {
  log: EventLogKind;
  urls: ReturnType<typeof scaleUrls>;
  toxiproxy: ToxiproxyAdmin;
  compose: ReplicaStack;
}

/** A scaled stack attached for a test, and what had to be done to its Toxiproxy first. */
export interface AttachedScaleStack {
  stack: ScaleStack;
  /** Said when its Toxiproxy did not answer and was restarted before the test. */
  recovery?: string;
}

/** The scaled stack global setup started for this event log, its Toxiproxy reset; fails with a clear message when it does not answer. */
export async function attachScaleStack(log: EventLogKind): Promise<AttachedScaleStack> {
  const urls = scaleUrls(log);
  const health = await fetch(`${urls.edge}/api/health`).catch((error: Error) => error);
  if (health instanceof Error || !health.ok) {
    throw new Error(`No scaled stack (${log} log) answers at ${urls.edge}/api/health. Run "make e2e": it starts one.`);
  }
  const toxiproxy = new ToxiproxyAdmin(urls.toxiproxy);
  const recovery = await resetOrRestart(toxiproxy);
  return {
    stack: { log, urls, toxiproxy, compose: { file: SCALE_COMPOSE_FILE, cwd: REPO_ROOT, project: scaleProject(log) } },
    recovery: recovery && describeRecovery(toxiproxy, recovery),
  };
}

export interface ReplicaSnapshot {
  bootId: string;
  lastId: string;
  instance: string;
}

/** One replica's own view of the feed, from its published port. */
export async function replicaSnapshot(url: string): Promise<ReplicaSnapshot> {
  return (await (await fetch(`${url}/api/snapshot`)).json()) as ReplicaSnapshot;
}
