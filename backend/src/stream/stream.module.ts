import { Module } from '@nestjs/common';
import { FeedModule } from '../feed/feed.module';
import { StreamAdmission } from './stream-admission.service';
import { StreamService } from './stream.service';

/** The stream itself: admission, catch-up, live frames, heartbeats, the drain watch; shared by both transports. */
@Module({
  imports: [FeedModule],
  providers: [StreamService, StreamAdmission],
  exports: [StreamService, StreamAdmission],
})
export class StreamModule {}
