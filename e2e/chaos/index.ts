import { clear, pauseBackend, restartBackend } from './backend';
import { cut } from './cut-upstream';
import { down } from './down';
import type { Fault } from './fault';
import { jitter } from './jitter';
import { latency } from './latency';
import { redisDown } from './redis-down';
import { killReplica, rollingDeploy } from './replicas';
import { reset } from './reset-peer';
import { silence } from './silence';
import { slice } from './slice';
import { slow } from './slow';
import { stall } from './stall';

export * from './fault';

/** Every fault, by name: used by the end-to-end fixtures and by `make chaos`. */
export const chaos = {
  silence,
  latency,
  jitter,
  slow,
  stall,
  reset,
  down,
  slice,
  cut,
  restartBackend,
  pauseBackend,
  redisDown,
  rollingDeploy,
  killReplica,
  clear,
} as const;

export const FAULTS: ReadonlyMap<string, Fault> = new Map(Object.values(chaos).map((fault) => [fault.name, fault]));
