import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { StreamRequest } from './stream.service';
import { HttpStreamTransport } from './stream-transport';

/**
 * What a stream request asks for, read the same way on both transports: the client's IP (as
 * `@Ip()` reads it, behind TRUST_PROXY), where it resumes from, and its HTTP exchange. The
 * `Last-Event-ID` header comes from the browser's own reconnect; the `lastEventId` query parameter
 * from a client that recreated its EventSource, which cannot set headers.
 */
export const StreamRequestOf = createParamDecorator((_: unknown, context: ExecutionContext): StreamRequest => {
  const req = context.switchToHttp().getRequest<Request>();
  const header = req.headers['last-event-id'];
  const query = req.query.lastEventId;
  return {
    clientIp: req.ip ?? '',
    lastEventId: typeof header === 'string' ? header : typeof query === 'string' ? query : undefined,
    transport: new HttpStreamTransport(req, req.res!),
  };
});
