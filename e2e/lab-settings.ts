import { readEnvFile } from '@sse-lab/test-support';
import { join } from 'node:path';
import type { EngineName } from './engines/engine';

export const REPO_ROOT = join(__dirname, '..');

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}="${raw}": expected a non-negative integer`);
  return value;
};

/**
 * The stack's settings during the suite: short intervals, passed through the same variables
 * production uses. With LAB_BASE_URL (a stack you started) set the same variables to match it.
 */
export const LAB = {
  HEARTBEAT_MS: int('HEARTBEAT_MS', 1000),
  RETRY_MS: int('RETRY_MS', 500),
  RETRY_JITTER_PCT: int('RETRY_JITTER_PCT', 50),
  TICK_MS: int('TICK_MS', 250),
  MAX_STREAMS_PER_IP: int('MAX_STREAMS_PER_IP', 5),
  REPLAY_SIZE: int('REPLAY_SIZE', 1000),
  /** The backend's default: 3 heartbeats. */
  DEAD_PEER_MS: int('DEAD_PEER_MS', 3 * int('HEARTBEAT_MS', 1000)),
};

/** The lab client's settings, set through the dashboard URL (see frontend/src/dashboard/url-options.ts). */
/** nginx-idle's proxy_read_timeout (e2e/nginx/idle-timeout.conf). */
export const IDLE_TIMEOUT_MS = 1500;

export const CLIENT = {
  staleAfterHeartbeats: 2.5,
  initialBackoffMs: 250,
  backoffFactor: 2,
  maxBackoffMs: 4000,
  stableAfterMs: 3000,
};

/**
 * Profiles of five tabs each for the load cases (F7's reconnect waves, F13's rolling deploy): 20
 * tabs in Chromium; 10 in Firefox and WebKit, whose many-window runs cost several times more
 * here, and whose lab client is the same code (what differs per engine is measured elsewhere).
 */
export const LOAD_PROFILES: Record<EngineName, number> = { chromium: 4, firefox: 2, webkit: 2 };

/** Tabs of one profile sharing one stream in F11: past the 6 connections per origin in each engine. */
export const SHARED_TABS: Record<EngineName, number> = { chromium: 12, firefox: 8, webkit: 8 };

/** Host ports of the suite's own stack: away from `make up`'s, so both can run. */
export const PORTS = {
  LAB_PORT: int('LAB_PORT', 18080),
  LAB_NAIVE_PORT: int('LAB_NAIVE_PORT', 18082),
  LAB_DIRECT_PORT: int('LAB_DIRECT_PORT', 18083),
  LAB_IDLE_PORT: int('LAB_IDLE_PORT', 18084),
  LAB_H2_PORT: int('LAB_H2_PORT', 18085),
  APP_PORT: int('APP_PORT', 13000),
  TOXIPROXY_API_PORT: int('TOXIPROXY_API_PORT', 18474),
  VITE_PORT: int('VITE_PORT', 15173),
  DEV_TOXIPROXY_API_PORT: int('DEV_TOXIPROXY_API_PORT', 18475),
};

/** Host ports of the target mode's own spec (examples/spike): beside the suite's stacks. */
export const TARGET_PORTS = {
  lab: int('TARGET_LAB_PORT', 18180),
  toxiproxyApi: int('TARGET_TOXIPROXY_API_PORT', 18574),
  app: int('TARGET_APP_PORT', 13100),
  nginx: int('TARGET_NGINX_PORT', 18188),
  bufferingNginx: int('TARGET_BUFFERING_NGINX_PORT', 18189),
};

/** Host ports of the target run behind a platform, apart from the suite's other target runs. */
export const PLATFORM_TARGET_PORTS = {
  lab: int('PLATFORM_TARGET_LAB_PORT', 18480),
  toxiproxyApi: int('PLATFORM_TARGET_TOXIPROXY_API_PORT', 18874),
  app: int('PLATFORM_TARGET_APP_PORT', 13400),
  nginx: int('PLATFORM_TARGET_NGINX_PORT', 18488),
  bufferingNginx: int('PLATFORM_TARGET_BUFFERING_NGINX_PORT', 18489),
};

/** The lab's self-signed certificate (infra/nginx/make-cert.sh): the platforms on TLS serve it. */
export const LAB_CERTIFICATE = join(REPO_ROOT, 'infra/nginx/certs/lab.crt');

export const COMPOSE_PROJECT = process.env.LAB_COMPOSE_PROJECT ?? 'sse-lab-e2e';
export const COMPOSE_FILES = ['compose.prod.yaml', 'e2e/compose.e2e.yaml'];
/** The development topology (Vite dev proxy), for finding F3. */
export const DEV_COMPOSE_PROJECT = `${COMPOSE_PROJECT}-dev`;
export const DEV_COMPOSE_FILE = 'compose.yaml';

/** The scaled topology (F12-F13): one stack per event log, from the same compose file. */
export const SCALE_COMPOSE_FILE = 'compose.scale.yaml';
export type EventLogKind = 'redis' | 'memory';
export const EVENT_LOGS: readonly EventLogKind[] = ['redis', 'memory'];
export const scaleProject = (log: EventLogKind): string => `${COMPOSE_PROJECT}-scale-${log}`;
const SCALE_PORTS: Record<EventLogKind, Record<string, number>> = {
  redis: {
    LAB_PORT: int('LAB_SCALE_PORT', 18090),
    TOXIPROXY_API_PORT: int('SCALE_TOXIPROXY_API_PORT', 18494),
    APP1_PORT: int('SCALE_APP1_PORT', 13001),
    APP2_PORT: int('SCALE_APP2_PORT', 13002),
  },
  memory: {
    LAB_PORT: int('LAB_SCALE_MEMORY_PORT', 18091),
    TOXIPROXY_API_PORT: int('SCALE_MEMORY_TOXIPROXY_API_PORT', 18495),
    APP1_PORT: int('SCALE_MEMORY_APP1_PORT', 13011),
    APP2_PORT: int('SCALE_MEMORY_APP2_PORT', 13012),
  },
};
/** Settings of the scaled stacks: the suite's, with no per-IP limit (20 clients share one address) and a lighter feed for 20 dashboards. */
export const SCALE = { TICK_MS: 500, MAX_STREAMS_PER_IP: 0, PRODUCER_LEASE_MS: 1500 };

export const scaleStackEnv = (log: EventLogKind): Record<string, string> => ({
  ...asEnv(LAB),
  ...asEnv(SCALE),
  ...asEnv(SCALE_PORTS[log]),
  EVENT_LOG: log,
});

export const scaleUrls = (log: EventLogKind) => ({
  edge: `http://127.0.0.1:${SCALE_PORTS[log].LAB_PORT}`,
  toxiproxy: `http://127.0.0.1:${SCALE_PORTS[log].TOXIPROXY_API_PORT}`,
  /** Each replica's own port, for its health and snapshot. */
  replicas: [`http://127.0.0.1:${SCALE_PORTS[log].APP1_PORT}`, `http://127.0.0.1:${SCALE_PORTS[log].APP2_PORT}`],
});

/** Where the suite finds the stack: set by global setup, or by you with LAB_BASE_URL. */
export const urls = () => ({
  edge: process.env.LAB_BASE_URL ?? `http://127.0.0.1:${PORTS.LAB_PORT}`,
  naive: process.env.LAB_NAIVE_URL ?? `http://127.0.0.1:${PORTS.LAB_NAIVE_PORT}`,
  direct: process.env.LAB_DIRECT_URL ?? `http://127.0.0.1:${PORTS.LAB_DIRECT_PORT}`,
  idle: process.env.LAB_IDLE_URL ?? `http://127.0.0.1:${PORTS.LAB_IDLE_PORT}`,
  /** TLS + HTTP/2 (self-signed: browser contexts need ignoreHTTPSErrors). */
  h2: process.env.LAB_H2_URL ?? `https://127.0.0.1:${PORTS.LAB_H2_PORT}`,
  app: process.env.LAB_APP_URL ?? `http://127.0.0.1:${PORTS.APP_PORT}`,
  toxiproxy: process.env.TOXIPROXY_URL ?? `http://127.0.0.1:${PORTS.TOXIPROXY_API_PORT}`,
  vite: process.env.LAB_VITE_URL ?? `http://127.0.0.1:${PORTS.VITE_PORT}`,
});

/** The platform stack (F15): compose.prod.yaml with a platform's edge, one profile at a time, on ports of its own. */
export const PLATFORM_PROJECT = `${COMPOSE_PROJECT}-platform`;
export const PLATFORM_PORTS = {
  LAB_PORT: int('LAB_PLATFORM_PORT', 18380),
  TOXIPROXY_API_PORT: int('PLATFORM_TOXIPROXY_API_PORT', 18774),
  APP_PORT: int('PLATFORM_APP_PORT', 13300),
};

/** Numbers as environment variables, for docker compose. */
export const asEnv = (values: Record<string, number>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));

/** The dev stack's variables: the suite's settings and host ports, plus the Vite proxy variant. */
export const devStackEnv = (viteProxyFix: 'off' | 'abort' | 'full'): Record<string, string> => ({
  ...asEnv(LAB),
  VITE_PORT: String(PORTS.VITE_PORT),
  TOXIPROXY_API_PORT: String(PORTS.DEV_TOXIPROXY_API_PORT),
  VITE_PROXY_FIX: viteProxyFix,
});

/** Images chosen by infra/bootstrap (stand-ins where no registry answers). */
export const imagesEnv = (): Record<string, string> => readEnvFile(join(REPO_ROOT, 'infra/.images.env'));
