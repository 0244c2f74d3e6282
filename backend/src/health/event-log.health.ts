import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectLabConfig, type LabConfig } from '../config/lab-config';
import { EventLog } from '../feed/event-log';

/** Readiness of the event log: down while a replica cannot reach the shared log (the memory log is always up). */
@Injectable()
export class EventLogHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly log: EventLog,
    @InjectLabConfig() private readonly config: LabConfig,
  ) {}

  check() {
    const status = this.log.status();
    const details = {
      kind: this.log.kind,
      instance: this.config.instanceId,
      logId: this.log.logId,
      lastId: this.log.lastId,
      producer: this.log.isProducer,
    };
    const session = this.indicator.check('eventLog');
    return status.available ? session.up(details) : session.down({ ...details, reason: status.reason });
  }
}
