import type http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { appConnections } from '../../apps/app-sockets';
import { loopbackHttp } from '../loopback-http';
import { judgeServerLeak } from '../verdicts/f2-server-leak';
import { observeServerSockets, steadyCount } from './server-sockets';

const portOf = (url: string) => Number(new URL(url).port);

const stream: http.RequestListener = (_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/event-stream' }).write('data: hi\n\n');
};

/** A leaking app: it answers, then never closes its side, whatever the client does (CLOSE_WAIT). */
async function leakingServer(): Promise<{ url: string; close: () => void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: hi\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
  };
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close };
}

describe("observeServerSockets, on this process's own sockets", () => {
  const http = loopbackHttp();
  afterEach(() => http.closeAll());

  for (const leave of ['close', 'reset'] as const) {
    it(`sees the server let go of every connection when its clients ${leave}`, async () => {
      const url = await http.serve(stream);
      const observed = await observeServerSockets({
        streamUrl: url,
        countConnections: () => appConnections(process.pid, portOf(url)),
        leave,
        boundMs: 5_000,
      });
      expect(observed).toMatchObject({ baseline: 0, opened: 3, answered: 3, whileOpen: 3, after: 0 });
      expect(judgeServerLeak(observed).outcome).toBe('mitigated');
    });
  }

  it('sees the connections a leaking server keeps after its clients closed', async () => {
    const { url, close } = await leakingServer();
    try {
      const observed = await observeServerSockets({
        streamUrl: url,
        countConnections: () => appConnections(process.pid, portOf(url)),
        leave: 'close',
        boundMs: 1_500,
      });
      expect(observed).toMatchObject({ baseline: 0, opened: 3, answered: 3, whileOpen: 3, after: 3 });
      expect(judgeServerLeak(observed).outcome).toBe('reproduced');
    } finally {
      close();
    }
  });

  it('expects only the streams the app answered 200 among its connections', async () => {
    let streams = 0;
    const url = await http.serve((request, response) => {
      if (++streams > 2) return void response.writeHead(429, { 'Content-Type': 'application/json' }).end('{}');
      stream(request, response);
    });
    const observed = await observeServerSockets({
      streamUrl: url,
      countConnections: () => appConnections(process.pid, portOf(url)),
      leave: 'close',
      boundMs: 5_000,
    });
    expect(observed).toMatchObject({ opened: 3, answered: 2, unanswered: ['429'] });
    expect(judgeServerLeak(observed).outcome).toBe('mitigated');
  });
});

describe('steadyCount', () => {
  it("takes the count once it holds still, not while an earlier experiment's connections go", async () => {
    const reads = [4, 2, 1, 1, 1, 1];
    const count = async () => reads.shift() ?? 1;
    expect(await steadyCount(count, { intervalMs: 1 })).toBe(1);
    expect(reads).toEqual([1]);
  });

  it('gives the last read when the count never holds still within the bound', async () => {
    let value = 0;
    expect(await steadyCount(async () => ++value, { intervalMs: 5, timeoutMs: 50 })).toBeGreaterThan(3);
  });
});
