import { compose, countDown, type ComposeTarget } from './compose-faults';
import type { FaultRequest } from './resolve';

export type ReplicaStack = Omit<ComposeTarget, 'service'>;

/** A window of a replica fault, as the suite's timelines record it. */
export interface ReplicaStep {
  replica: string;
  /** When it was stopped (or killed), and when it answered healthy again. */
  stoppedAt: number;
  healthyAt: number;
}

/** The replicas of the scaled stack, app-1, app-2… in order. */
export async function listReplicas(stack: ReplicaStack): Promise<string[]> {
  const services = (await compose({ ...stack, service: '' }, 'config', '--services'))
    .split('\n')
    .filter((name) => /^app-\d+$/.test(name));
  if (services.length === 0)
    throw new Error(
      `no replica (app-1, app-2…) in ${[stack.file, ...(stack.extraFiles ?? [])].join(', ')}: is this the scaled topology? Run "make up-scale" first.`,
    );
  return services.sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
}

/**
 * rolling-deploy: each replica stopped (SIGTERM: it ends its streams and gives up the producer
 * role), started again and waited for until healthy, then the next one. kill-replica: SIGKILL,
 * then a start after downSeconds.
 */
export async function applyReplicaFault(
  stack: ReplicaStack,
  { fault, params }: FaultRequest,
  progress: (line: string) => void = () => undefined,
): Promise<ReplicaStep[]> {
  if (fault.kind !== 'replicas') throw new Error(`fault "${fault.name}" is not a replica fault`);
  const replicas = await listReplicas(stack);
  const steps: ReplicaStep[] = [];
  const startAgain = async (replica: string, stoppedAt: number) => {
    await compose({ ...stack, service: replica }, 'up', '-d', '--no-deps', '--no-recreate', '--wait', replica);
    const step = { replica, stoppedAt, healthyAt: Date.now() };
    progress(`  ${replica} healthy again after ${((step.healthyAt - stoppedAt) / 1000).toFixed(1)} s`);
    steps.push(step);
  };
  if (fault.action === 'kill') {
    const replica = `app-${params.replicaNumber}`;
    if (!replicas.includes(replica))
      throw new Error(`replicaNumber=${params.replicaNumber}: the stack has ${replicas.join(', ')}`);
    progress(`killing ${replica} (SIGKILL)`);
    const stoppedAt = Date.now();
    await compose({ ...stack, service: replica }, 'kill', '-s', 'SIGKILL', replica);
    try {
      await countDown(params.downSeconds, progress);
    } finally {
      progress(`starting ${replica}`);
      await startAgain(replica, stoppedAt);
    }
    return steps;
  }
  for (const [index, replica] of replicas.entries()) {
    if (index > 0 && params.pauseSeconds > 0) await countDown(params.pauseSeconds, progress);
    progress(`[${index + 1}/${replicas.length}] restarting ${replica}`);
    const stoppedAt = Date.now();
    await compose({ ...stack, service: replica }, 'stop', '--timeout', '10', replica);
    await startAgain(replica, stoppedAt);
  }
  return steps;
}
