import { Controller, Get, Header, Res } from '@nestjs/common';
import { PrometheusStreamMetrics } from '@sse-lab/nest/prometheus';
import type { Response } from 'express';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PrometheusStreamMetrics) {}

  /** Prometheus text exposition. */
  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
