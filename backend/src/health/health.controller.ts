import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { StreamHealthIndicator } from './stream.health';

/**
 * Liveness (`/api/health/live`: the process answers) and readiness (`/api/health/ready`, also
 * `/api/health`: 503 while draining or when a dependency is down).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly stream: StreamHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get(['', 'ready'])
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.stream.check()]);
  }
}
