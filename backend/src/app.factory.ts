import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { Request, Response } from 'express';
import { AppModule } from './app.module';
import type { LabConfig } from './config/lab-config';
import { resolveTrustProxy } from './config/trusted-proxies';
import { exceptPath } from './http-middleware';
import { createLogger } from './logger';
import { explainMissingDashboard, hasDashboard } from './spa/dashboard';
import { STREAM_ROUTE } from './stream/lab-stream.module';

const API_PREFIX = 'api';

const isEventStream = (res: Response): boolean =>
  String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream');

/** Builds the app for a validated configuration; the caller listens (main.ts, tests, benchmarks). */
export async function createApp(config: LabConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    logger: createLogger(config.logLevel),
    abortOnError: false,
    // Open streams would otherwise keep server.close() waiting for ever.
    forceCloseConnections: true,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', await resolveTrustProxy(config.trustProxy));
  app.setGlobalPrefix(API_PREFIX);
  // Compression for the SPA and JSON; an event stream is never compressed (gzip would hold events back),
  // and the stream route does not even pass through it.
  app.use(
    exceptPath(
      `/${API_PREFIX}/${STREAM_ROUTE}`,
      compression({ filter: (req: Request, res: Response) => !isEventStream(res) && compression.filter(req, res) }),
    ),
  );
  if (!hasDashboard(config.staticDir)) explainMissingDashboard(app.getHttpAdapter().getInstance());
  return app;
}
