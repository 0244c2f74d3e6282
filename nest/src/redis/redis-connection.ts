import type { Logger } from '@nestjs/common';
import Redis from 'ioredis';

/** How long any command waits for its answer before the link counts as down (a blocking read adds its own block time). */
export const COMMAND_TIMEOUT_MS = 2_000;

/**
 * A connection that fails fast while Redis is away, instead of queueing commands and replaying
 * them on its return (a queued append would land late, a queued lease renewal would be wrong):
 * callers see the error at once and retry on their own schedule. The socket itself reconnects
 * in the background, with a capped delay.
 */
export function connectRedis(url: string, role: string, logger: Logger, commandTimeoutMs = COMMAND_TIMEOUT_MS): Redis {
  const redis = new Redis(url, {
    connectionName: `sse-lab-${role}`,
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis reports every failed reconnect; one line per distinct error is enough.
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn({ event: 'redis error', role, error: error.message });
  });
  redis.on('ready', () => {
    if (lastError) logger.log({ event: 'redis reconnected', role });
    lastError = '';
  });
  return redis;
}
