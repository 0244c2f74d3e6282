import { HttpException, HttpStatus } from '@nestjs/common';
import type { RefusalBody } from '@sse-lab/contract';

/** A stream request turned away before any header is sent: becomes a JSON answer with Retry-After. */
export class StreamRefusedException extends HttpException {
  constructor(
    readonly body: RefusalBody,
    readonly retryAfterSeconds: number,
  ) {
    super(body, body.status);
  }

  static tooManyStreams(limit: number, retryAfterSeconds: number): StreamRefusedException {
    return new StreamRefusedException(
      { error: 'too many streams', status: HttpStatus.TOO_MANY_REQUESTS, limit },
      retryAfterSeconds,
    );
  }

  static eventLogUnavailable(reason: string, retryAfterSeconds: number): StreamRefusedException {
    return new StreamRefusedException(
      { error: 'event log unavailable', status: HttpStatus.SERVICE_UNAVAILABLE, reason },
      retryAfterSeconds,
    );
  }

  static shuttingDown(retryAfterSeconds: number): StreamRefusedException {
    return new StreamRefusedException(
      { error: 'shutting down', status: HttpStatus.SERVICE_UNAVAILABLE },
      retryAfterSeconds,
    );
  }
}
