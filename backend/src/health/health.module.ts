import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module';
import { StreamModule } from '../stream/stream.module';
import { HealthController } from './health.controller';

@Module({
  imports: [FeedModule, StreamModule],
  controllers: [HealthController],
})
export class HealthModule {}
