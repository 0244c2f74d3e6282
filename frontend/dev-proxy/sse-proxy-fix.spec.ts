// @vitest-environment node
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { parseApiTarget, parseProxyFix, sseProxyFix, type ProxyFix } from './sse-proxy-fix';

const RETRY_MS = 200;

/** A minimal SSE backend that can be "killed": sockets dropped, listener closed. */
async function startBackend() {
  const sockets = new Set<Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(`retry: ${RETRY_MS}\n\n`);
    const timer = setInterval(() => res.write('data: tick\n\n'), 50);
    res.on('close', () => clearInterval(timer));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    kill: () => {
      server.close();
      sockets.forEach((socket) => socket.destroy());
    },
  };
}

const proxySaw = { upstreamClosed: false };

async function startVite(target: string, fix: ProxyFix): Promise<ViteDevServer> {
  proxySaw.upstreamClosed = false;
  const vite = await createServer({
    configFile: false,
    logLevel: 'silent',
    server: {
      host: '127.0.0.1',
      port: 0,
      proxy: {
        '/api': {
          target,
          configure: (proxy, options) => {
            sseProxyFix(fix)?.(proxy, options);
            proxy.on('proxyRes', (proxyRes) => proxyRes.on('close', () => (proxySaw.upstreamClosed = true)));
          },
        },
      },
    },
  });
  await vite.listen();
  return vite;
}

interface Outcome {
  status?: number;
  bytes: number;
  ended: 'no' | 'cleanly' | 'aborted' | 'refused';
}

function request(url: string): Outcome {
  const outcome: Outcome = { bytes: 0, ended: 'no' };
  const req = http.get(url, { agent: false }, (res) => {
    outcome.status = res.statusCode;
    res.on('data', (chunk: Buffer) => (outcome.bytes += chunk.length));
    res.on('end', () => (outcome.ended = outcome.ended === 'no' ? 'cleanly' : outcome.ended));
    res.on('aborted', () => (outcome.ended = 'aborted'));
    res.on('error', () => (outcome.ended = 'aborted'));
  });
  req.on('error', () => (outcome.ended = outcome.status === undefined ? 'refused' : 'aborted'));
  return outcome;
}

async function until(check: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${message} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Vite dev proxy and a killed SSE backend', () => {
  let vite: ViteDevServer | undefined;
  afterEach(async () => vite?.close());

  async function killUnderOpenStream(fix: ProxyFix) {
    const backend = await startBackend();
    vite = await startVite(backend.url, fix);
    const base = vite.resolvedUrls!.local[0].replace(/\/$/, '');
    const stream = request(`${base}/api/stream`);
    await until(() => stream.bytes > 0, 3000, 'stream flowing through Vite');
    backend.kill();
    return { stream, base };
  }

  it('off (the spike): keeps the browser side of a dead stream open, silent', async () => {
    const { stream } = await killUnderOpenStream('off');
    await until(() => proxySaw.upstreamClosed, 3000, 'Vite seeing the upstream close');
    const bytesAtKill = stream.bytes;
    // A negative claim needs a window: five reconnection intervals in which a browser would have retried.
    await new Promise((resolve) => setTimeout(resolve, 5 * RETRY_MS));
    expect(stream.ended).toBe('no');
    expect(stream.bytes).toBe(bytesAtKill);
  });

  it('abort: propagates the abort, then answers the reconnect with 502 (EventSource ends CLOSED)', async () => {
    const { stream, base } = await killUnderOpenStream('abort');
    await until(() => stream.ended === 'aborted', 3000, 'browser stream aborted');
    const retry = request(`${base}/api/stream`);
    await until(() => retry.ended !== 'no', 3000, 'reconnect answered');
    expect(retry.status).toBe(502);
  });

  it('full: propagates the abort and drops the reconnect socket instead of a 502 (EventSource retries)', async () => {
    const { stream, base } = await killUnderOpenStream('full');
    await until(() => stream.ended === 'aborted', 3000, 'browser stream aborted');
    const retry = request(`${base}/api/stream`);
    await until(() => retry.ended !== 'no', 3000, 'reconnect answered');
    expect(retry.ended).toBe('refused');
    expect(retry.status).toBeUndefined();
  });
});

describe('dev proxy settings', () => {
  it('should default to the spike setup and a local backend', () => {
    expect(parseProxyFix(undefined)).toBe('off');
    expect(parseApiTarget(undefined)).toBe('http://localhost:3000');
  });

  it('should name the variable and the accepted values on bad input', () => {
    expect(() => parseProxyFix('half')).toThrow('VITE_PROXY_FIX="half": expected one of off, abort, full');
    expect(() => parseApiTarget('backend:3000')).toThrow(/^VITE_API_TARGET="backend:3000": expected an http\(s\) URL/);
  });
});
