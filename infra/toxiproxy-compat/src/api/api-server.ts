import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { ProxyCollection } from '../proxy-collection';
import { error } from './respond';
import { routes } from './routes';

const HANDLER_TIMEOUT_MS = 25_000;

/** The HTTP API: request id on every answer, browsers refused, 404/405 as gorilla/mux answers them. */
export function createApiServer(proxies: ProxyCollection, log: (entry: Record<string, unknown>) => void): http.Server {
  const table = routes(proxies);
  return http.createServer(async (req, res) => {
    res.setHeader('X-Toxiproxy-Request-Id', randomUUID());
    const path = decodeURI((req.url ?? '/').split('?')[0]);
    const started = Date.now();
    res.on('finish', () => log({ method: req.method, path, status: res.statusCode, ms: Date.now() - started }));
    if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('User agent not allowed');
      return;
    }
    for (const route of table) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const handler = route.methods[req.method ?? 'GET'];
      if (!handler) {
        res.writeHead(405).end();
        return;
      }
      const timer = setTimeout(() => {
        if (!res.headersSent) res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>');
      }, HANDLER_TIMEOUT_MS);
      try {
        await handler(req, res, match.slice(1));
      } catch (failure) {
        if (!res.headersSent) error(res, failure);
      } finally {
        clearTimeout(timer);
      }
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
  });
}
