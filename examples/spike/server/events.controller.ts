import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { interval, map, Observable } from 'rxjs';

@Controller('api')
export class EventsController {
  // As in the spike: a message every 2 s, nothing else (no heartbeat, no retry:, no id).
  @Sse('events')
  events(): Observable<MessageEvent> {
    return interval(2000).pipe(map((count) => ({ data: { count, at: new Date().toISOString() } })));
  }
}
