import { DynamicModule, Module } from '@nestjs/common';
import type { StreamTransportKind } from '../config/lab-config';
import { DirectStreamController } from './direct-stream.controller';
import { StreamController } from './stream.controller';
import { StreamModule } from './stream.module';

/** The stream's route, served by the controller of the transport chosen (STREAM_TRANSPORT). */
@Module({})
export class StreamRouteModule {
  static register(transport: StreamTransportKind): DynamicModule {
    return {
      module: StreamRouteModule,
      imports: [StreamModule],
      controllers: [transport === 'direct' ? DirectStreamController : StreamController],
    };
  }
}
