// @ts-check
import net from 'node:net';

/**
 * @typedef {object} AppEngine  What starts and stops the app behind the proxy.
 * @property {() => Promise<void>} stop   Stops the app (it gets SIGTERM, as on a platform).
 * @property {() => Promise<void>} start  Starts it again.
 * @property {() => Promise<void>} ready  Resolves once the app accepts connections.
 */

/**
 * A free web service's edge (Render's free tier): forwards every connection to `upstream`; after
 * `sleepAfterMs` without inbound traffic it stops the app, and the next connection starts it and
 * is held, unread, until the app accepts connections again (a cold start). Inbound traffic is a
 * new connection or a byte from a client. With `streamIsTraffic`, an open connection (a stream)
 * counts too: the timer runs only while none is open, from the last one's end.
 *
 * @param {object} options
 * @param {{ host: string, port: number }} options.upstream
 * @param {number} options.sleepAfterMs
 * @param {boolean} options.streamIsTraffic
 * @param {AppEngine} options.engine
 * @param {(line: Record<string, unknown>) => void} options.log
 * @param {number} [options.checkEveryMs]
 */
export function spinDownProxy({ upstream, sleepAfterMs, streamIsTraffic, engine, log, checkEveryMs = 100 }) {
  /** @type {'awake' | 'asleep' | 'waking'} */
  let state = 'awake';
  let lastTraffic = Date.now();
  /** Stops and starts, one after the other: a wake that comes during a stop starts after it. */
  let transition = Promise.resolve();
  /** @type {Set<net.Socket>} */
  const open = new Set();
  const traffic = () => {
    lastTraffic = Date.now();
  };

  const failed = (/** @type {string} */ event) => (/** @type {Error} */ error) => log({ event, error: error.message });

  function sleepWhenIdle() {
    if (state !== 'awake' || (streamIsTraffic && open.size > 0)) return;
    const idleMs = Date.now() - lastTraffic;
    if (idleMs < sleepAfterMs) return;
    state = 'asleep';
    log({ event: 'sleep', idleMs, openConnections: open.size });
    transition = transition.then(() => engine.stop()).catch(failed('stop failed'));
  }

  /** @returns {Promise<void>} resolves when the app is up, starting it if it sleeps. */
  function awake() {
    if (state === 'awake') return Promise.resolve();
    if (state === 'asleep') {
      state = 'waking';
      const started = Date.now();
      log({ event: 'wake' });
      transition = transition
        .then(() => engine.start())
        .then(() => engine.ready())
        .then(() => {
          state = 'awake';
          traffic();
          log({ event: 'awake', bootMs: Date.now() - started });
        });
      // A failed start leaves the app asleep: the next connection tries again.
      transition.catch((error) => {
        state = 'asleep';
        failed('wake failed')(error);
      });
    }
    return transition;
  }

  const timer = setInterval(sleepWhenIdle, checkEveryMs);
  const server = net.createServer((client) => {
    traffic();
    open.add(client);
    client.pause();
    client.on('data', traffic);
    client.on('error', () => client.destroy());
    client.on('close', () => {
      open.delete(client);
      if (streamIsTraffic) traffic();
    });
    awake().then(
      () => {
        if (client.destroyed) return;
        const app = net.connect(upstream);
        app.on('error', () => client.destroy());
        client.on('close', () => app.destroy());
        app.on('close', () => client.destroy());
        client.pipe(app);
        app.pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  server.on('close', () => clearInterval(timer));
  return server;
}
