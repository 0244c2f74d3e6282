import { Module } from '@nestjs/common';
import { eventLogProvider } from './event-log.provider';
import { EventLog } from './event-log';
import { FeedController } from './feed.controller';
import { FeedService } from './feed.service';

@Module({
  controllers: [FeedController],
  providers: [eventLogProvider, FeedService],
  exports: [EventLog, FeedService],
})
export class FeedModule {}
