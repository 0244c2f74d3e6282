import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { SseLabModule } from '@sse-lab/nest';
import { join } from 'node:path';
import { AppController } from './app.controller';
import { AppService } from './app.service';
import { streamOptionsFromEnv } from './stream-options';

@Module({
  imports: [
    // One origin: Nest serves the built page and the API.
    ServeStaticModule.forRoot({ rootPath: join(__dirname, '..', 'web', 'dist'), exclude: ['/api/{*path}'] }),
    SseLabModule.forRootAsync({ useFactory: () => streamOptionsFromEnv(process.env), path: 'stream' }),
  ],
  controllers: [AppController],
  providers: [AppService],
})
export class AppModule {}
