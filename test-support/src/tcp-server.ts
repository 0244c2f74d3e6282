import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface TcpServer {
  /** `127.0.0.1:<port>`, as a Toxiproxy upstream is written. */
  address: string;
  port: number;
  /** Destroys every open connection, then stops listening. */
  close(): Promise<void>;
}

/** A TCP server on a free loopback port that runs `serve` on each connection. */
export async function startTcpServer(serve: (socket: Socket) => void): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    serve(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** For `startTcpServer`: writes `frame(n)` every `everyMs` (n = 0, 1, …) until the connection closes. */
export const writeEvery =
  (everyMs: number, frame: (n: number) => string) =>
  (socket: Socket): void => {
    let n = 0;
    const timer = setInterval(() => socket.write(frame(n++)), everyMs);
    socket.on('close', () => clearInterval(timer));
  };
