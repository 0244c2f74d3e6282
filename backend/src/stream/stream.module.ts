import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module';
import { StreamAdmission } from './stream-admission.service';
import { StreamController } from './stream.controller';
import { StreamService } from './stream.service';

@Module({
  imports: [FeedModule],
  controllers: [StreamController],
  providers: [StreamService, StreamAdmission],
  exports: [StreamAdmission],
})
export class StreamModule {}
