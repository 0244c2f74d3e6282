import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { InvalidEnvError, validateEnv } from './config/env.validation';

const SHUTDOWN_GRACE_MS = 5_000;

async function bootstrap(): Promise<void> {
  const config = validateEnv(process.env);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Bootstrap');
  logger.log({ event: 'listening', url: await app.getUrl(), heartbeatMs: config.heartbeatMs, retryMs: config.retryMs });

  // Not app.enableShutdownHooks(): Nest re-raises the signal after closing, so the exit code would be 143.
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    logger.log({ event: 'shutting down', signal });
    setTimeout(() => {
      logger.error({ event: 'shutdown timed out', afterMs: SHUTDOWN_GRACE_MS });
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidEnvError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  console.error(error);
  process.exit(1);
});
