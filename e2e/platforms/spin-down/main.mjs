// @ts-check
import { readFileSync } from 'node:fs';
import { dockerEngine } from './docker-engine.mjs';
import { spinDownProxy } from './spin-down.mjs';
import { parseSpinDownConfig } from './config.mjs';

/** `node main.mjs <config.json>`: the spin-down edge, configured by e2e/platforms from the profile. */
const file = process.argv[2];
if (!file) {
  console.error('usage: node main.mjs <config.json>');
  process.exit(2);
}
let config;
try {
  config = parseSpinDownConfig(JSON.parse(readFileSync(file, 'utf8')));
} catch (error) {
  console.error(`${file}: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
}
const log = (/** @type {Record<string, unknown>} */ line) =>
  console.log(JSON.stringify({ timestamp: Date.now(), ...line }));
const server = spinDownProxy({
  upstream: config.upstream,
  sleepAfterMs: config.sleepAfterMs,
  streamIsTraffic: config.streamIsTraffic,
  engine: dockerEngine({ service: config.service, readyAt: config.readyAt }),
  log,
});
server.listen(config.listenPort, () => log({ event: 'listening', ...config }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
