import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { StreamTransportKind } from '../options';
import { STREAM_TRANSPORT } from '../sse-lab.module-definition';
import { EventLog } from '../event-log/event-log';
import { StreamAdmission } from '../stream/stream-admission.service';

/** Readiness of the stream: down while the app drains for shutdown, so a load balancer stops sending clients. */
@Injectable()
export class StreamHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly log: EventLog,
    private readonly admission: StreamAdmission,
    @Inject(STREAM_TRANSPORT) private readonly transport: StreamTransportKind,
  ) {}

  check() {
    const details = {
      bootId: this.log.logId,
      transport: this.transport,
      activeStreams: this.admission.activeStreams,
      uptime: Math.round(process.uptime()),
    };
    const session = this.indicator.check('stream');
    return this.admission.isDraining
      ? session.down({ ...details, reason: 'draining: new streams are refused' })
      : session.up(details);
  }
}
