import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLogHealthIndicator, StreamHealthIndicator } from '@sse-lab/nest/terminus';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [StreamHealthIndicator, EventLogHealthIndicator],
})
export class HealthModule {}
