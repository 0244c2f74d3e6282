import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { join } from 'node:path';
import { EventsController } from './events.controller';

@Module({
  // Mono-origin: Nest serves the built Vue page and the API.
  imports: [
    ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', '..', 'web', 'dist'), exclude: ['/api/{*path}'] }),
  ],
  controllers: [EventsController],
})
export class AppModule {}
