import { Module } from '@nestjs/common';
import { FeedService } from './feed.service';

/** The demo's KPI feed, published through the stream module's SsePublisher. */
@Module({ providers: [FeedService] })
export class FeedModule {}
