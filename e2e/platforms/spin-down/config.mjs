// @ts-check

/**
 * @typedef {object} SpinDownConfig
 * @property {number} listenPort
 * @property {{ host: string, port: number }} upstream  Where connections go (the upstream Toxiproxy).
 * @property {{ host: string, port: number }} readyAt  The app itself: it is up when this accepts.
 * @property {string} service  The app's compose service, stopped and started.
 * @property {number} sleepAfterMs
 * @property {boolean} streamIsTraffic
 */

const address = (/** @type {string} */ field, /** @type {unknown} */ value) => {
  const match = typeof value === 'string' ? /^([\w.-]+):(\d{1,5})$/.exec(value) : null;
  if (!match) throw new Error(`${field}: expected host:port, got ${JSON.stringify(value)}`);
  return { host: match[1], port: Number(match[2]) };
};

/** @returns {SpinDownConfig} the file's settings, each bad one named. */
export function parseSpinDownConfig(/** @type {any} */ raw) {
  if (typeof raw !== 'object' || raw === null) throw new Error('expected an object');
  const { listenPort, upstream, readyAt, service, sleepAfterMs, streamIsTraffic } = raw;
  if (!Number.isInteger(listenPort) || listenPort < 1 || listenPort > 65535)
    throw new Error(`listenPort: expected a port, got ${JSON.stringify(listenPort)}`);
  if (typeof service !== 'string' || service === '')
    throw new Error(`service: expected the app's compose service, got ${JSON.stringify(service)}`);
  if (!Number.isInteger(sleepAfterMs) || sleepAfterMs < 1)
    throw new Error(`sleepAfterMs: expected a positive whole number of ms, got ${JSON.stringify(sleepAfterMs)}`);
  if (typeof streamIsTraffic !== 'boolean')
    throw new Error(`streamIsTraffic: expected true or false, got ${JSON.stringify(streamIsTraffic)}`);
  return {
    listenPort,
    upstream: address('upstream', upstream),
    readyAt: address('readyAt', readyAt),
    service,
    sleepAfterMs,
    streamIsTraffic,
  };
}
