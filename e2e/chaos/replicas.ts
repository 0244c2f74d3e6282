import type { ReplicaFault } from './fault';

/** A zero-downtime deploy: each replica restarted in turn, the next one once the previous is healthy again. */
export const rollingDeploy: ReplicaFault = {
  kind: 'replicas',
  name: 'rolling-deploy',
  summary: 'restart the replicas one after the other, each once the previous is healthy (scaled topology)',
  action: 'rolling-restart',
  params: {
    pauseSeconds: { default: 0, min: 0, max: 600, help: 'wait between one replica healthy and the next one stopped' },
  },
};

/** A replica dies without a goodbye (SIGKILL): its streams break, its producer lease lapses. */
export const killReplica: ReplicaFault = {
  kind: 'replicas',
  name: 'kill-replica',
  summary: 'SIGKILL one replica, start it again after downSeconds (scaled topology)',
  action: 'kill',
  params: {
    replicaNumber: { default: 1, min: 1, max: 9, help: 'which replica: 1 is app-1' },
    downSeconds: { default: 10, min: 0, max: 600, help: 'how long the replica stays dead' },
  },
};
