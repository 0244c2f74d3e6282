import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * HTTP servers on 127.0.0.1 for the target mode's tests: each `serve` starts one on a free port
 * and returns its base URL; `closeAll` ends them, open streams included (call it in afterEach).
 */
export function loopbackHttp() {
  const servers: http.Server[] = [];
  return {
    async serve(handler: http.RequestListener): Promise<string> {
      const server = http.createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    /** A loopback URL where nothing listens any more: connections are refused. */
    async refusedUrl(): Promise<string> {
      const server = http.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return url;
    },
    async closeAll(): Promise<void> {
      await Promise.all(
        servers.splice(0).map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
