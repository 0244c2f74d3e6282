import { Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DirectStreamWriter } from './direct-stream-writer';
import { StreamRefusedFilter } from './stream-refused.filter';
import { StreamRequestOf } from './stream-route';
import { StreamService, type StreamRequest } from './stream.service';

/**
 * `transport: 'direct'`: the same stream, written to the response by the handler itself. Guards,
 * pipes and filters run as on any route (a refusal still becomes its JSON answer: it is thrown
 * before any header); interceptors run too, but see no return value to map, since the handler
 * takes the response. Routed by `streamControllerAt`.
 */
@UseFilters(StreamRefusedFilter)
export class DirectStreamController {
  constructor(private readonly stream: StreamService) {}

  @Get()
  events(@StreamRequestOf() request: StreamRequest, @Req() req: Request, @Res() res: Response): void {
    const writer = new DirectStreamWriter(req, res);
    let refusal: unknown;
    const subscription = this.stream.events(request).subscribe({
      next: (frame) => writer.write(frame),
      // Before the first frame nothing is sent yet: the error becomes the answer (the filters'). After, the stream just ends.
      error: (error: unknown) => (writer.started ? writer.end() : (refusal = error)),
      complete: () => writer.end(),
    });
    if (refusal !== undefined) throw refusal;
    res.once('close', () => subscription.unsubscribe());
  }
}
