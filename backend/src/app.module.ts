import { DynamicModule, Module } from '@nestjs/common';
import { LabConfigModule } from './config/config.module';
import type { LabConfig } from './config/lab-config';
import { FeedModule } from './feed/feed.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { dashboardModules } from './spa/dashboard';
import { StreamModule } from './stream/stream.module';

@Module({})
export class AppModule {
  static register(config: LabConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LabConfigModule.forRoot(config),
        MetricsModule,
        FeedModule,
        StreamModule,
        HealthModule,
        ...dashboardModules(config.staticDir),
      ],
    };
  }
}
