import type { ReplicaStack } from '../chaos/replica-faults';
import { asEnv, CLIENT, LAB, REPO_ROOT } from '../lab-settings';
import type { SoakTopology } from './soak-settings';

/** One soak stack: compose project, where its parts answer, and its fault points. */
export interface SoakStack {
  topology: SoakTopology;
  project: string;
  files: string[];
  profiles: string[];
  cwd: string;
  env: Record<string, string>;
  /** The lab through the edge proxy: every client's URL. */
  edgeUrl: string;
  toxiproxyUrl: string;
  /** Each app container by service name, and its published port (metrics, health, snapshot without any proxy). */
  apps: { service: string; url: string }[];
  /** Toxiproxy proxies that faults may target. */
  proxies: string[];
  log: 'redis' | 'memory';
}

/** Host ports of the soak: away from `make up`'s (8080) and the suite's (18080…), so that either may run beside it. */
const PORTS = { LAB_PORT: 28080, TOXIPROXY_API_PORT: 28474, APP_PORT: 23000, APP1_PORT: 23001, APP2_PORT: 23002 };

/**
 * The server side of the soak: the suite's settings (1 s heartbeats, 500 ms retry), a tick every
 * 500 ms, and no per-IP limit: every client of the soak comes from one address.
 */
export const SOAK_SERVER = { ...LAB, TICK_MS: 500, MAX_STREAMS_PER_IP: 0, PRODUCER_LEASE_MS: 1500 };

export function soakStack(topology: SoakTopology, images: Record<string, string>): SoakStack {
  const base = {
    topology,
    project: `sse-lab-soak-${topology}`,
    cwd: REPO_ROOT,
    edgeUrl: `http://127.0.0.1:${PORTS.LAB_PORT}`,
    toxiproxyUrl: `http://127.0.0.1:${PORTS.TOXIPROXY_API_PORT}`,
  };
  const env = { ...images, ...asEnv(SOAK_SERVER), ...asEnv(PORTS) };
  if (topology === 'scale') {
    return {
      ...base,
      files: ['compose.scale.yaml'],
      profiles: [],
      env: { ...env, EVENT_LOG: 'redis' },
      apps: [
        { service: 'app-1', url: `http://127.0.0.1:${PORTS.APP1_PORT}` },
        { service: 'app-2', url: `http://127.0.0.1:${PORTS.APP2_PORT}` },
      ],
      proxies: ['edge', 'redis'],
      log: 'redis',
    };
  }
  const nginx = topology === 'nginx';
  return {
    ...base,
    files: ['compose.prod.yaml'],
    profiles: nginx ? ['nginx'] : [],
    // Behind nginx the app trusts the proxy in front of it, by name (as make up-nginx does).
    env: {
      ...env,
      TOXIPROXY_POPULATE: nginx ? 'populate.nginx.json' : 'populate.json',
      NGINX_CONF: 'tuned',
      ...(nginx ? { TRUST_PROXY: 'toxiproxy' } : {}),
    },
    apps: [{ service: 'app', url: `http://127.0.0.1:${PORTS.APP_PORT}` }],
    proxies: ['edge', 'upstream'],
    log: 'memory',
  };
}

/** The stack as the chaos catalogue's compose faults address it (add `service` for one container). */
export const composeTarget = (stack: SoakStack): ReplicaStack => ({
  file: stack.files[0],
  extraFiles: stack.files.slice(1),
  cwd: stack.cwd,
  project: stack.project,
});

/** `docker compose` arguments that address this stack, with its profiles (for up and down). */
export const composeArgs = (stack: SoakStack): string[] => [
  'compose',
  '-p',
  stack.project,
  ...stack.files.flatMap((file) => ['-f', file]),
  ...stack.profiles.flatMap((profile) => ['--profile', profile]),
];

/**
 * The clients' settings: the suite's (250 ms to 4 s backoff, watchdog 2.5 heartbeats), with the
 * connection attempt's timeout capped at 16 s rather than 2 min, so that recovery has a bound a
 * short soak can wait for.
 */
export const SOAK_CLIENT = { ...CLIENT, maxConnectTimeoutMs: 16_000 };
