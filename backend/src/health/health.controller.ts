import { Controller, Get } from '@nestjs/common';
import { FeedService } from '../feed/feed.service';
import { StreamAdmission } from '../stream/stream-admission.service';

export interface Health {
  status: 'ok' | 'draining';
  uptime: number;
  activeStreams: number;
  bootId: string;
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly feed: FeedService,
    private readonly admission: StreamAdmission,
  ) {}

  @Get()
  health(): Health {
    return {
      status: this.admission.isDraining ? 'draining' : 'ok',
      uptime: Math.round(process.uptime()),
      activeStreams: this.admission.activeStreams,
      bootId: this.feed.bootId,
    };
  }
}
