/**
 * The fault points: the client's network, between a proxy and the app, and (scaled topology)
 * between the replicas and Redis.
 */
export type Target = 'edge' | 'upstream' | 'redis';
export const TARGETS: readonly Target[] = ['edge', 'upstream', 'redis'];

/** A numeric parameter of a fault; its name carries its unit. */
export interface Param {
  default: number;
  min: number;
  max: number;
  help: string;
}

interface FaultBase {
  name: string;
  summary: string;
  params: Record<string, Param>;
  /** What is wrong with a combination of params each valid alone, or undefined. */
  check?(params: Record<string, number>): string | undefined;
}

/** A Toxiproxy toxic on one proxy; `attributes` turns the validated params into toxic attributes. */
export interface ToxicFault extends FaultBase {
  kind: 'toxic';
  defaultTarget: Target;
  toxic: { type: string; stream: 'upstream' | 'downstream' };
  attributes(params: Record<string, number>): Record<string, number>;
}

/** The proxy itself disabled: listener closed, connections dropped. */
export interface ProxyDownFault extends FaultBase {
  kind: 'proxy-down';
  defaultTarget: Target;
}

/** Acts on the app container through docker compose. */
export interface BackendFault extends FaultBase {
  kind: 'backend';
  action: 'restart' | 'pause';
}

/** Acts on the replicas of the scaled topology (compose.scale.yaml's app-1, app-2…) through docker compose. */
export interface ReplicaFault extends FaultBase {
  kind: 'replicas';
  action: 'rolling-restart' | 'kill';
}

export interface ClearFault extends FaultBase {
  kind: 'clear';
}

export type Fault = ToxicFault | ProxyDownFault | BackendFault | ReplicaFault | ClearFault;
