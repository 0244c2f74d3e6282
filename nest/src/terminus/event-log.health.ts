import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectSseLabOptions, type ResolvedSseLabOptions } from '../options';
import { EventLog } from '../event-log/event-log';

/** Readiness of the event log: down while a replica cannot reach the shared log (the memory log is always up). */
@Injectable()
export class EventLogHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly log: EventLog,
    @InjectSseLabOptions() private readonly options: ResolvedSseLabOptions,
  ) {}

  check() {
    const status = this.log.status();
    const details = {
      kind: this.log.kind,
      instance: this.options.instanceId,
      logId: this.log.logId,
      lastId: this.log.lastId,
      producer: this.log.isProducer,
    };
    const session = this.indicator.check('eventLog');
    return status.available ? session.up(details) : session.down({ ...details, reason: status.reason });
  }
}
