import { Controller, Headers, Ip, Query, Sse, UseFilters, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { StreamRefusedFilter } from './stream-refused.filter';
import { StreamService } from './stream.service';

@Controller('stream')
@UseFilters(StreamRefusedFilter)
export class StreamController {
  constructor(private readonly stream: StreamService) {}

  /**
   * The header comes from the browser's own reconnect; the query parameter from a client that
   * recreated its EventSource, which cannot set headers.
   */
  @Sse()
  events(
    @Ip() clientIp: string,
    @Headers('last-event-id') lastEventIdHeader?: string,
    @Query('lastEventId') lastEventIdQuery?: unknown,
  ): Observable<MessageEvent> {
    const lastEventId = lastEventIdHeader ?? (typeof lastEventIdQuery === 'string' ? lastEventIdQuery : undefined);
    return this.stream.events(clientIp, lastEventId);
  }
}
