import { DynamicModule, Module } from '@nestjs/common';
import { LabConfigModule } from './config/config.module';
import type { LabConfig } from './config/lab-config';
import { FeedModule } from './feed/feed.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { dashboardModules } from './spa/dashboard';
import { StreamRouteModule } from './stream/stream-route.module';

@Module({})
export class AppModule {
  static register(config: LabConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LabConfigModule.forRoot(config),
        MetricsModule,
        FeedModule,
        StreamRouteModule.register(config.streamTransport),
        HealthModule,
        ...dashboardModules(config.staticDir),
      ],
    };
  }
}
