import { DynamicModule, Module } from '@nestjs/common';
import { LabConfigModule } from './config/config.module';
import type { LabConfig } from './config/lab-config';
import { FeedModule } from './feed/feed.module';
import { HealthModule } from './health/health.module';
import { MetricsController } from './metrics/metrics.controller';
import { dashboardModules } from './spa/dashboard';
import { labStreamModule } from './stream/lab-stream.module';

@Module({})
export class AppModule {
  static register(config: LabConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [MetricsController],
      imports: [
        LabConfigModule.forRoot(config),
        labStreamModule(config),
        FeedModule,
        HealthModule,
        ...dashboardModules(config.staticDir),
      ],
    };
  }
}
