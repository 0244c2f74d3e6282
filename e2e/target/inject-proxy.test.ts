import http from 'node:http';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { injectScript, startInjectProxy, type InjectProxy } from './inject-proxy';
import { loopbackHttp } from './loopback-http';

const servers = loopbackHttp();
let proxy: InjectProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await servers.closeAll();
});

describe('injectScript', () => {
  it('should put the script first in head, and first in a page without one', () => {
    expect(injectScript('<html><head lang="x"><script src="/app.js"></script></head></html>', 'a()')).toBe(
      '<html><head lang="x"><script>a()</script><script src="/app.js"></script></head></html>',
    );
    expect(injectScript('<p>hi</p>', 'a()')).toBe('<script>a()</script><p>hi</p>');
  });

  it('should not let the script close its own tag early', () => {
    expect(injectScript('<head>', 'x("</script>")')).toBe('<head><script>x("<\\/script>")</script>');
  });
});

describe('startInjectProxy', () => {
  it('should add the script to an HTML page asked uncompressed, drop its CSP and fix its length', async () => {
    let acceptEncoding: string | undefined;
    const url = await servers.serve((request, response) => {
      acceptEncoding = request.headers['accept-encoding'];
      response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': "script-src 'self'" });
      response.end('<html><head></head><body>app</body></html>');
    });
    proxy = await startInjectProxy(url, 'window.seen = 1');
    const response = await fetch(`${proxy.url}/`, { headers: { Accept: 'text/html', 'Accept-Encoding': 'gzip' } });
    const page = await response.text();
    expect(acceptEncoding).toBe('identity');
    expect(page).toBe('<html><head><script>window.seen = 1</script></head><body>app</body></html>');
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(page));
    expect(proxy.injected()).toBe(1);
  });

  it('should pass a stream through as it comes, compressed or not, before it ends', async () => {
    const url = await servers.serve((request, response) => {
      const gzip = request.url === '/gz';
      response.writeHead(200, { 'Content-Type': 'text/event-stream', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      response.write(gzip ? zlib.gzipSync('data: one\n\n') : 'data: one\n\n');
      // never ended: the first event must come through anyway
    });
    proxy = await startInjectProxy(url, 'x');
    const chunk = await new Promise<string>((resolve, reject) => {
      http
        .get(`${proxy!.url}/events`, { headers: { Accept: 'text/event-stream' } }, (response) => {
          response.setEncoding('utf8');
          response.once('data', (data: string) => {
            response.destroy();
            resolve(data);
          });
        })
        .on('error', reject);
    });
    expect(chunk).toBe('data: one\n\n');
    const packed = await new Promise<string | undefined>((resolve, reject) => {
      http
        .get(`${proxy!.url}/gz`, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
          resolve(response.headers['content-encoding']);
          response.destroy();
        })
        .on('error', reject);
    });
    expect(packed).toBe('gzip');
    expect(proxy.injected()).toBe(0);
  });

  it('should close the upstream request when the browser goes away', async () => {
    let closedUpstream = false;
    const url = await servers.serve((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write(': hi\n\n');
      request.on('close', () => (closedUpstream = true));
    });
    proxy = await startInjectProxy(url, 'x');
    await new Promise<void>((resolve) => {
      const request = http.get(`${proxy!.url}/events`, (response) => response.once('data', () => request.destroy()));
      request.on('close', () => resolve());
    });
    await expect.poll(() => closedUpstream, { timeout: 5_000 }).toBe(true);
  });

  it("should cut the browser's stream when the edge drops it mid-way, not leave it open", async () => {
    const url = await servers.serve((request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('data: one\n\n');
      setTimeout(() => request.socket.destroy(), 100);
    });
    proxy = await startInjectProxy(url, 'x');
    const ended = await new Promise<string>((resolve) => {
      http.get(`${proxy!.url}/events`, (response) => {
        response.on('error', () => resolve('error'));
        response.on('aborted', () => resolve('aborted'));
        response.on('end', () => resolve(response.complete ? 'complete' : 'cut'));
        response.resume();
      });
      setTimeout(() => resolve('still open'), 5_000);
    });
    expect(['error', 'aborted', 'cut']).toContain(ended);
  });

  it('should drop the connection, not answer a 5xx of its own, when the edge does not answer', async () => {
    const url = await servers.refusedUrl();
    proxy = await startInjectProxy(url, 'x');
    const failure = await fetch(`${proxy.url}/events`).then(
      (response) => new Error(`answered ${response.status}`),
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure.cause as { code?: string }).code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });
});
