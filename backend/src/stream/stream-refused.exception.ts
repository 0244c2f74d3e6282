import { HttpException, HttpStatus } from '@nestjs/common';

/** Stable refusal bodies: clients and tests match on `error`. */
export const REFUSALS = {
  tooManyStreams: 'too many streams',
  shuttingDown: 'shutting down',
} as const;

export interface RefusalBody {
  error: (typeof REFUSALS)[keyof typeof REFUSALS];
  status: number;
  limit?: number;
}

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
      { error: REFUSALS.tooManyStreams, status: HttpStatus.TOO_MANY_REQUESTS, limit },
      retryAfterSeconds,
    );
  }

  static shuttingDown(retryAfterSeconds: number): StreamRefusedException {
    return new StreamRefusedException({ error: REFUSALS.shuttingDown, status: HttpStatus.SERVICE_UNAVAILABLE }, retryAfterSeconds);
  }
}
