import { resolveFault, type FaultRequest } from '../chaos/resolve';
import { CLIENT, LAB } from '../lab-settings';
import type { SeededRandom } from './seeded-random';
import type { SoakStack } from './soak-stack';

/**
 * `network` faults are Toxiproxy toxics and disabled proxies: they overlap freely (never the same
 * one twice on one proxy at a time). `containers` faults go through docker compose, one at a time.
 */
export type FaultGroup = 'network' | 'containers';

export interface FaultDraw {
  request: FaultRequest;
  /** How long a network fault stays; for a container fault, how long it is expected to take. */
  holdMs: number;
  /** The app container a backend fault acts on (a replica of the scaled topology). */
  service?: string;
}

export interface CatalogueEntry {
  label: string;
  group: FaultGroup;
  weight: number;
  draw(random: SeededRandom): FaultDraw;
}

/** The client's watchdog on a clean path: a latency above it is the slow path of issue 22. */
const WATCHDOG_MS = CLIENT.staleAfterHeartbeats * LAB.HEARTBEAT_MS;
/** A compose stop/start, measured at 3 to 8 s here: what a container fault adds to its own seconds. */
const COMPOSE_MS = 8000;

const toxic = (
  name: string,
  target: string,
  weight: number,
  hold: [number, number],
  params: (random: SeededRandom) => Record<string, number> = () => ({}),
): CatalogueEntry => ({
  label: `${name} on ${target}`,
  group: 'network',
  weight,
  draw: (random) => ({ request: resolveFault(name, target, params(random)), holdMs: random.int(hold[0], hold[1]) }),
});

const container = (
  name: string,
  weight: number,
  params: (random: SeededRandom) => Record<string, number>,
  expectedMs: (params: Record<string, number>) => number,
  services: string[] = [],
): CatalogueEntry => ({
  label: name,
  group: 'containers',
  weight,
  draw: (random) => {
    const service = services.length ? random.pick(services) : undefined;
    const request = resolveFault(name, undefined, params(random));
    return { request, holdMs: expectedMs(request.params), service };
  },
});

/** Faults on the client's side of the stack: the edge proxy. */
function edgeFaults(proxy: string): CatalogueEntry[] {
  return [
    toxic('jitter', proxy, 4, [4000, 15_000], (r) => ({
      latencyMs: r.pick([100, 500, 1500, WATCHDOG_MS + 1500]),
      jitterMs: r.pick([0, 100, 500, 1000]),
    })),
    toxic('slice', proxy, 2, [3000, 10_000], (r) => {
      const sizeBytes = r.pick([1, 8, 64]);
      return { sizeBytes, variationBytes: Math.min(r.pick([0, 4]), sizeBytes), delayUs: r.pick([0, 1000, 10_000]) };
    }),
    toxic('slow', proxy, 2, [3000, 10_000], (r) => ({ rateKBps: r.pick([1, 4, 32]) })),
    toxic('silence', proxy, 2, [2000, 8000]),
    toxic('stall', proxy, 1, [2000, 8000]),
    toxic('reset', proxy, 2, [1000, 4000], (r) => ({ afterMs: r.pick([0, 500, 1500]) })),
    toxic('down', proxy, 2, [1000, 5000]),
    toxic('cut', proxy, 2, [2000, 8000], (r) => ({ afterBytes: r.pick([512, 4096, 20_000]) })),
  ];
}

/** Every fault point of the topology, with how often each fault is drawn. */
export function soakCatalogue(stack: Pick<SoakStack, 'topology' | 'apps'>): CatalogueEntry[] {
  const replicas = stack.apps.length;
  const services = stack.apps.map((app) => app.service);
  const containers = [
    container(
      'pause-backend',
      2,
      (r) => ({ seconds: r.int(1, 6) }),
      (p) => p.seconds * 1000 + 1000,
      services,
    ),
    container(
      'restart-backend',
      2,
      (r) => ({ downSeconds: r.pick([0, 0, 2, 4]) }),
      (p) => p.downSeconds * 1000 + COMPOSE_MS,
      services,
    ),
  ];
  if (stack.topology !== 'scale') {
    return [
      ...edgeFaults('edge'),
      toxic('jitter', 'upstream', 2, [3000, 10_000], (r) => ({
        latencyMs: r.pick([100, 800]),
        jitterMs: r.pick([0, 300]),
      })),
      toxic('reset', 'upstream', 1, [1000, 3000]),
      toxic('cut', 'upstream', 1, [2000, 6000], (r) => ({ afterBytes: r.pick([1024, 8192]) })),
      toxic('down', 'upstream', 1, [1000, 4000]),
      ...containers,
    ];
  }
  return [
    ...edgeFaults('edge'),
    toxic('latency', 'redis', 2, [2000, 8000], (r) => ({ latencyMs: r.pick([50, 300, 1500]) })),
    toxic('reset', 'redis', 1, [1000, 3000]),
    toxic('redis-down', 'redis', 2, [1000, 8000]),
    ...containers,
    container(
      'kill-replica',
      2,
      (r) => ({ replicaNumber: r.int(1, replicas), downSeconds: r.int(1, 5) }),
      (p) => p.downSeconds * 1000 + COMPOSE_MS,
    ),
    container(
      'rolling-deploy',
      1,
      () => ({ pauseSeconds: 0 }),
      () => replicas * COMPOSE_MS * 1.5,
    ),
  ];
}
