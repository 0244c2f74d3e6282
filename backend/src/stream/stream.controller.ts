import { Controller, Headers, Ip, Query, Req, Sse, UseFilters, type MessageEvent } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { StreamRefusedFilter } from './stream-refused.filter';
import { resumePosition, STREAM_ROUTE } from './stream-route';
import { HttpStreamTransport } from './stream-transport';
import { StreamService } from './stream.service';

/** STREAM_TRANSPORT=sse-decorator: Nest's `@Sse()` writes the stream (the default, the dashboard's stack). */
@Controller(STREAM_ROUTE)
@UseFilters(StreamRefusedFilter)
export class StreamController {
  constructor(private readonly stream: StreamService) {}

  @Sse()
  events(
    @Ip() clientIp: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: unknown,
    @Req() req: Request,
  ): Observable<MessageEvent> {
    const lastEventId = resumePosition(lastEventIdHeader, lastEventIdQuery);
    return this.stream.events({ clientIp, lastEventId, transport: new HttpStreamTransport(req, req.res!) });
  }
}
