// @ts-check
import http from 'node:http';
import net from 'node:net';
import { hostname } from 'node:os';

/**
 * The app's container, stopped and started through the Docker Engine API on its socket (mounted
 * into the proxy's container). The app is the compose service `service` of the proxy's own
 * compose project; it is ready when `readyAt` accepts a TCP connection.
 *
 * @param {object} options
 * @param {string} options.service
 * @param {{ host: string, port: number }} options.readyAt
 * @param {string} [options.socketPath]
 * @param {number} [options.bootDeadlineMs]
 * @returns {import('./spin-down.mjs').AppEngine}
 */
export function dockerEngine({ service, readyAt, socketPath = '/var/run/docker.sock', bootDeadlineMs = 120_000 }) {
  /** @type {(method: string, path: string) => Promise<{ status: number, body: any }>} */
  const api = (method, path) =>
    new Promise((resolve, reject) => {
      const request = http.request({ socketPath, method, path }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      });
      request.on('error', (error) => reject(new Error(`Docker API ${method} ${path}: ${error.message}`)));
      request.end();
    });

  /** Looked up at each use: compose recreates the app's container when its settings change. */
  async function container() {
    const self = await api('GET', `/containers/${hostname()}/json`);
    const project = self.body?.Config?.Labels?.['com.docker.compose.project'];
    if (!project) throw new Error(`this container (${hostname()}) is not part of a compose project`);
    const filters = { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] };
    const list = await api('GET', `/containers/json?all=true&filters=${encodeURIComponent(JSON.stringify(filters))}`);
    if (!Array.isArray(list.body) || list.body.length === 0)
      throw new Error(`no container of service "${service}" in compose project ${project}`);
    return list.body[0].Id;
  }

  /** 204 done, 304 already so. */
  const act = async (/** @type {'stop' | 'start'} */ action) => {
    const { status, body } = await api(
      'POST',
      `/containers/${await container()}/${action}${action === 'stop' ? '?t=10' : ''}`,
    );
    if (status !== 204 && status !== 304) throw new Error(`Docker API ${action}: ${status} ${body?.message ?? ''}`);
  };

  const accepts = () =>
    new Promise((resolve) => {
      const socket = net.connect(readyAt);
      socket.on('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });

  return {
    stop: () => act('stop'),
    start: () => act('start'),
    async ready() {
      const deadline = Date.now() + bootDeadlineMs;
      while (!(await accepts())) {
        if (Date.now() > deadline)
          throw new Error(`${readyAt.host}:${readyAt.port} accepted no connection within ${bootDeadlineMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
