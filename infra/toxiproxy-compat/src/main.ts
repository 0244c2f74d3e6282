#!/usr/bin/env node
import { parseFlags } from './cli';
import { VERSION } from './api/routes';
import { startServer } from './server';

const log = (entry: Record<string, unknown>) => {
  if (process.env.LOG_LEVEL !== 'fatal' && process.env.LOG_LEVEL !== 'error') console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
};

async function main(): Promise<void> {
  const options = parseFlags(process.argv.slice(2));
  if (options.version) {
    console.log(VERSION);
    return;
  }
  const server = await startServer(options, log);
  log({ msg: 'API HTTP server starting', host: options.host, port: options.port, version: VERSION, url: server.url });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(2);
});
