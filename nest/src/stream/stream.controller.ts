import { Sse, UseFilters, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { StreamRefusedFilter } from './stream-refused.filter';
import { StreamRequestOf } from './stream-route';
import { StreamService, type StreamRequest } from './stream.service';

/** `transport: 'sse-decorator'`: Nest's `@Sse()` writes the stream (the default); routed by `streamControllerAt`. */
@UseFilters(StreamRefusedFilter)
export class StreamController {
  constructor(private readonly stream: StreamService) {}

  @Sse()
  events(@StreamRequestOf() request: StreamRequest): Observable<MessageEvent> {
    return this.stream.events(request);
  }
}
