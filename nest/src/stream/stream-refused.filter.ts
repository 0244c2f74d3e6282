import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { StreamRefusedException } from './stream-refused.exception';

@Catch(StreamRefusedException)
export class StreamRefusedFilter implements ExceptionFilter {
  catch(exception: StreamRefusedException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(exception.getStatus()).json(exception.body);
  }
}
