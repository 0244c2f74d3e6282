/**
 * An event log every replica shares, on a Redis stream (`ioredis`, an optional peer):
 * `SseLabModule.forRoot({ eventLog: new RedisEventLog({ url, keyPrefix, replaySize, producerLeaseMs, instanceId }) })`.
 */
export { RedisEventLog, type RedisEventLogOptions } from './redis-event-log';
