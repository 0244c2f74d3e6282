import { DynamicModule, Global, Module } from '@nestjs/common';
import { LAB_CONFIG, type LabConfig } from './lab-config';

/** Makes the validated configuration injectable everywhere through `@InjectLabConfig()`. */
@Global()
@Module({})
export class LabConfigModule {
  static forRoot(config: LabConfig): DynamicModule {
    return {
      module: LabConfigModule,
      providers: [{ provide: LAB_CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [LAB_CONFIG],
    };
  }
}
