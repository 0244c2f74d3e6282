import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { FeedModule } from '../feed/feed.module';
import { StreamModule } from '../stream/stream.module';
import { HealthController } from './health.controller';
import { EventLogHealthIndicator } from './event-log.health';
import { StreamHealthIndicator } from './stream.health';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), FeedModule, StreamModule],
  controllers: [HealthController],
  providers: [StreamHealthIndicator, EventLogHealthIndicator],
})
export class HealthModule {}
