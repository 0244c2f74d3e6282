import { Controller, Headers, Ip, Query, Req, Sse, UseFilters, type MessageEvent } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { StreamRefusedFilter } from './stream-refused.filter';
import { StreamService } from './stream.service';
import { httpTransport } from './stream-transport';

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
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: unknown,
    @Req() req: Request,
  ): Observable<MessageEvent> {
    const lastEventId = lastEventIdHeader ?? (typeof lastEventIdQuery === 'string' ? lastEventIdQuery : undefined);
    return this.stream.events({ clientIp, lastEventId, transport: httpTransport(req, req.res!) });
  }
}
