import { randomInt } from 'node:crypto';
import { selectedEngines, type EngineName } from '../engines';

export const SOAK_TOPOLOGIES = ['prod', 'nginx', 'scale'] as const;
export type SoakTopology = (typeof SOAK_TOPOLOGIES)[number];

/** What `make soak` was asked for; everything that decides a run, so that its command replays it. */
export interface SoakSettings {
  /** How long faults are drawn for; the run then waits for every client to recover and checks. */
  durationS: number;
  seed: number;
  /** Whether the seed was drawn for this run (no SEED given). */
  seedDrawn: boolean;
  topology: SoakTopology;
  browsers: EngineName[];
  nodeClients: number;
}

export class SoakSettingsError extends Error {}

const MAX_SEED = 2 ** 32 - 1;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new SoakSettingsError(`${name}="${raw}": expected an integer from ${min} to ${max}`);
  return value;
}

/** SOAK_S, SEED, TOPOLOGY, SOAK_BROWSERS (`none` for Node clients only) and SOAK_NODE_CLIENTS; a bad one stops the run, named. */
export function soakSettings(env: NodeJS.ProcessEnv = process.env): SoakSettings {
  const durationS = integer(env, 'SOAK_S', 600, 30, 86_400);
  const seedGiven = env.SEED !== undefined && env.SEED.trim() !== '';
  const seed = seedGiven ? integer(env, 'SEED', 0, 0, MAX_SEED) : randomInt(0, MAX_SEED);
  const topology = (env.TOPOLOGY?.trim() || 'scale') as SoakTopology;
  if (!SOAK_TOPOLOGIES.includes(topology))
    throw new SoakSettingsError(`TOPOLOGY="${env.TOPOLOGY}": expected one of ${SOAK_TOPOLOGIES.join(', ')}`);
  const browsersRaw = env.SOAK_BROWSERS?.trim() || 'chromium,firefox';
  let browsers: EngineName[];
  try {
    browsers = browsersRaw === 'none' ? [] : selectedEngines(browsersRaw);
  } catch (error) {
    throw new SoakSettingsError(
      (error as Error).message.replace(/^BROWSERS=/, 'SOAK_BROWSERS=').replace('(unknown', 'or none (unknown'),
    );
  }
  const nodeClients = integer(env, 'SOAK_NODE_CLIENTS', 6, 1, 50);
  return { durationS, seed, seedDrawn: !seedGiven, topology, browsers, nodeClients };
}

/** The command that runs this soak again, fault for fault. */
export function replayCommand(settings: SoakSettings): string {
  const browsers = settings.browsers.length ? settings.browsers.join(',') : 'none';
  return `make soak SOAK_S=${settings.durationS} SEED=${settings.seed} TOPOLOGY=${settings.topology} SOAK_BROWSERS=${browsers} SOAK_NODE_CLIENTS=${settings.nodeClients}`;
}
