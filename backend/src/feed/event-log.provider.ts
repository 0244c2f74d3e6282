import type { Provider } from '@nestjs/common';
import { LAB_CONFIG, type LabConfig } from '../config/lab-config';
import { EventLog } from './event-log';
import { MemoryEventLog } from './memory-event-log';
import { RedisEventLog } from './redis/redis-event-log';

/** EVENT_LOG picks the implementation; both are closed by Nest's lifecycle hooks. */
export const eventLogProvider: Provider = {
  provide: EventLog,
  inject: [LAB_CONFIG],
  useFactory: (config: LabConfig): EventLog =>
    config.eventLog === 'redis'
      ? new RedisEventLog({
          url: config.redisUrl!,
          keyPrefix: config.eventLogKey,
          replaySize: config.replaySize,
          producerLeaseMs: config.producerLeaseMs,
          instanceId: config.instanceId,
        })
      : new MemoryEventLog(config.replaySize),
};
