import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../lab-settings';

/** One request a probe stream received. */
/** How often a `then=stream` probe stream sends an event. */
export const PROBE_STREAM_EVERY_MS = 200;

export interface ProbeRequest {
  at: number;
  /** When the server ended this response (closing it is a script step); undefined while open. */
  endedAt?: number;
  lastEventId: string | null;
  /** '1.1' or '2.0'. */
  httpVersion: string;
}

/**
 * A loopback server of the suite's own, for what the lab's backend never sends: no `retry:`, an
 * empty one, another charset, a connection that ends after one event. It serves a blank page and,
 * under /probe/stream?key=…, a stream whose first response follows the query:
 * `retry` (repeatable, each written as a `retry:` line, an empty value as `retry:`), `charset`
 * (the Content-Type's), `then=close|hold|stream` (end after the first event, hold silent, or send
 * an event every 200 ms). Every later request for the same key is held open and silent, so that
 * what is measured is the first reconnection. Over HTTP/1.1 (`h1`) and HTTP/2 with TLS (`h2`).
 */
export class ProbeServer {
  private readonly requests = new Map<string, ProbeRequest[]>();
  /** Open stream responses, with the key each belongs to. */
  private readonly open = new Map<http.ServerResponse | http2.Http2ServerResponse, string>();
  /** HTTP/2 sessions a browser keeps alive: closing the server waits for them, so close() ends them. */
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  private constructor(
    private readonly h1Server: http.Server,
    private readonly h2Server: http2.Http2SecureServer,
  ) {}

  static async start(): Promise<ProbeServer> {
    // The HTTP/2 edge's self-signed certificate (made here when missing or about to expire).
    execFileSync('bash', [join(REPO_ROOT, 'infra/nginx/make-cert.sh')], { stdio: 'ignore' });
    const certs = join(REPO_ROOT, 'infra/nginx/certs');
    const h2Server = http2.createSecureServer({
      key: readFileSync(join(certs, 'lab.key')),
      cert: readFileSync(join(certs, 'lab.crt')),
      allowHTTP1: true,
    });
    const server = new ProbeServer(http.createServer(), h2Server);
    server.h1Server.on('request', (req, res) => server.handle(req, res));
    h2Server.on('request', (req, res) => server.handle(req, res));
    h2Server.on('session', (session) => {
      server.sessions.add(session);
      session.on('close', () => server.sessions.delete(session));
    });
    await Promise.all(
      [server.h1Server, h2Server].map(
        (listening) => new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve)),
      ),
    );
    return server;
  }

  get h1(): string {
    return `http://127.0.0.1:${(this.h1Server.address() as AddressInfo).port}`;
  }

  get h2(): string {
    return `https://127.0.0.1:${(this.h2Server.address() as AddressInfo).port}`;
  }

  /** The requests a key's stream received so far, in order. */
  received(key: string): ProbeRequest[] {
    return this.requests.get(key) ?? [];
  }

  /** Ends the open responses of a key's stream, as a server or a proxy dropping it would. */
  end(key: string): void {
    for (const [res, of] of [...this.open]) if (of === key) res.end();
  }

  async close(): Promise<void> {
    for (const res of this.open.keys()) res.end();
    for (const session of this.sessions) session.destroy();
    this.h1Server.closeAllConnections();
    await Promise.all([this.h1Server, this.h2Server].map((server) => new Promise((resolve) => server.close(resolve))));
  }

  private handle(
    req: http.IncomingMessage | http2.Http2ServerRequest,
    res: http.ServerResponse | http2.Http2ServerResponse,
  ): void {
    const url = new URL(req.url ?? '/', 'http://probe');
    if (url.pathname !== '/probe/stream') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><html><head><title>probe</title></head><body>probe</body></html>');
      return;
    }
    const key = url.searchParams.get('key') ?? '';
    const seen = this.requests.get(key) ?? [];
    this.requests.set(key, seen);
    const request: ProbeRequest = {
      at: Date.now(),
      lastEventId: (req.headers['last-event-id'] as string | undefined) ?? null,
      httpVersion: req.httpVersion,
    };
    seen.push(request);
    const charset = url.searchParams.get('charset');
    res.writeHead(200, {
      'content-type': `text/event-stream${charset ? `; charset=${charset}` : ''}`,
      'cache-control': 'no-store',
    });
    this.open.set(res, key);
    const write = (text: string) => (res as http.ServerResponse).write(text);
    let timer: NodeJS.Timeout | undefined;
    res.on('close', () => {
      clearInterval(timer);
      this.open.delete(res);
      request.endedAt ??= Date.now();
    });
    if (seen.length > 1) {
      write(': held\n\n');
      return;
    }
    const retries = url.searchParams.getAll('retry').map((value) => (value === '' ? 'retry:\n' : `retry: ${value}\n`));
    write(`${retries.join('')}id: 1\ndata: first\n\n`);
    const then = url.searchParams.get('then') ?? 'hold';
    if (then === 'close') {
      request.endedAt = Date.now();
      res.end();
    } else if (then === 'stream') {
      let id = 1;
      timer = setInterval(() => write(`id: ${++id}\ndata: next\n\n`), PROBE_STREAM_EVERY_MS);
    }
  }
}
