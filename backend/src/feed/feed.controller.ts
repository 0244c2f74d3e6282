import { Controller, Get } from '@nestjs/common';
import type { Snapshot } from './feed-event';
import { FeedService } from './feed.service';

@Controller('snapshot')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  /** Current KPI state and last id: what a client re-syncs from after `event: reset`. */
  @Get()
  snapshot(): Snapshot {
    return this.feed.snapshot();
  }
}
