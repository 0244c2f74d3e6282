import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { STREAM_TRANSPORTS, type LabConfig } from './lab-config';
import { host, integer, logLevel, name, oneOf, path, redisUrl, RuleError, trustProxy, type Rule } from './env-rules';

type Env = Record<string, string | undefined>;

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidEnvError';
  }
}

/** The shortest MAX_STREAM_MS other than 0. */
export const MIN_MAX_STREAM_MS = 1_000;

/** Default DEAD_PEER_MS, in heartbeats. */
export const DEAD_PEER_HEARTBEATS = 3;

const DEFAULT_STATIC_DIR = resolve(__dirname, '../../../frontend/dist');

/**
 * Turns environment variables into a LabConfig. Collects every problem before throwing,
 * so one start reports all bad variables, each as `NAME="value": expected …`.
 */
export function validateEnv(env: Env): LabConfig {
  const problems: string[] = [];
  const read = <T>(name: string, rule: Rule<T>, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    try {
      return rule(raw);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      problems.push(`${name}=${JSON.stringify(raw)}: ${error.message}`);
      return fallback;
    }
  };

  const config: LabConfig = {
    host: read('HOST', host, '127.0.0.1'),
    port: read('PORT', integer(0, 65535, 'TCP port'), 3000),
    heartbeatMs: read('HEARTBEAT_MS', integer(100, 3_600_000, 'milliseconds'), 30_000),
    retryMs: read('RETRY_MS', integer(100, 600_000, 'milliseconds'), 3_000),
    retryJitterPct: read('RETRY_JITTER_PCT', integer(0, 90, 'percent of RETRY_MS'), 50),
    deadPeerMs: 0,
    slowClientBufferKb: read(
      'SLOW_CLIENT_BUFFER_KB',
      integer(0, 1_048_576, 'KB held for one client, 0 means unbounded'),
      1024,
    ),
    maxStreamMs: read('MAX_STREAM_MS', integer(0, 86_400_000, 'milliseconds, 0 never ends a stream for its age'), 0),
    tickMs: read('TICK_MS', integer(0, 3_600_000, 'milliseconds, 0 disables the demo feed'), 2_000),
    replaySize: read('REPLAY_SIZE', integer(1, 1_000_000, 'events'), 1_000),
    maxStreamsPerIp: read('MAX_STREAMS_PER_IP', integer(0, 1_000_000, 'streams, 0 means unlimited'), 5),
    trustProxy: read('TRUST_PROXY', trustProxy, false),
    logLevel: read('LOG_LEVEL', logLevel, 'log'),
    staticDir: read('STATIC_DIR', path, DEFAULT_STATIC_DIR),
    eventLog: read('EVENT_LOG', oneOf(['memory', 'redis'] as const), 'memory'),
    redisUrl: read<string | undefined>('REDIS_URL', redisUrl, undefined),
    eventLogKey: read('EVENT_LOG_KEY', name, 'sse-lab:feed'),
    producerLeaseMs: read('PRODUCER_LEASE_MS', integer(500, 600_000, 'milliseconds'), 5_000),
    instanceId: read(
      'INSTANCE_ID',
      name,
      hostname()
        .replace(/[^\w.:-]/g, '-')
        .slice(0, 64) || 'app',
    ),
    streamTransport: read('STREAM_TRANSPORT', oneOf(STREAM_TRANSPORTS), 'sse-decorator'),
  };
  if (config.eventLog === 'redis' && !config.redisUrl && !problems.some((p) => p.startsWith('REDIS_URL='))) {
    problems.push('REDIS_URL: required when EVENT_LOG=redis (for example redis://redis:6379)');
  }
  // Derived from the heartbeat: the heartbeat is what keeps writing to a stream that has no data.
  config.deadPeerMs = read(
    'DEAD_PEER_MS',
    integer(0, 3_600_000, 'milliseconds, 0 never ends a stream for not draining'),
    DEAD_PEER_HEARTBEATS * config.heartbeatMs,
  );
  if (config.deadPeerMs > 0 && config.deadPeerMs < config.heartbeatMs) {
    problems.push(
      `DEAD_PEER_MS=${JSON.stringify(env.DEAD_PEER_MS)}: expected 0 or at least HEARTBEAT_MS (${config.heartbeatMs}): the check runs once per heartbeat`,
    );
  }
  if (config.maxStreamMs > 0 && config.maxStreamMs < MIN_MAX_STREAM_MS) {
    problems.push(
      `MAX_STREAM_MS=${JSON.stringify(env.MAX_STREAM_MS)}: expected 0 or at least ${MIN_MAX_STREAM_MS} (milliseconds): a stream must live past its hello and catch-up`,
    );
  }
  if (config.tickMs > 0 && config.tickMs < 10) {
    problems.push(`TICK_MS=${JSON.stringify(env.TICK_MS)}: expected 0 or an integer from 10 to 3600000 (milliseconds)`);
  }
  if (problems.length > 0) throw new InvalidEnvError(problems);
  return config;
}
