import { Controller, Headers, Ip, Query, Req, Sse, UseFilters, type MessageEvent } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { StreamRefusedFilter } from './stream-refused.filter';
import { StreamService } from './stream.service';
import { HttpStreamTransport } from './stream-transport';

export const STREAM_ROUTE = 'stream';

@Controller(STREAM_ROUTE)
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
    return this.stream.events({ clientIp, lastEventId, transport: new HttpStreamTransport(req, req.res!) });
  }
}
