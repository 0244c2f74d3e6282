import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { EventLogHealthIndicator, StreamHealthIndicator } from '@sse-lab/nest/terminus';

/**
 * Liveness (`/api/health/live`: the process answers) and readiness (`/api/health/ready`, also
 * `/api/health`: 503 while draining or while the event log is unreachable). A replica cut off
 * from Redis answers `status: "degraded"` with the reason: it is alive, its open streams go on.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly stream: StreamHealthIndicator,
    private readonly eventLog: EventLogHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get(['', 'ready'])
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.stream.check(), () => this.eventLog.check()]);
    } catch (error) {
      const result =
        error instanceof ServiceUnavailableException ? (error.getResponse() as HealthCheckResult) : undefined;
      if (!result?.error?.eventLog || result.error.stream) throw error;
      throw new ServiceUnavailableException({ ...result, status: 'degraded' });
    }
  }
}
