import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InjectProxy {
  /** Where the browser goes instead of `upstream`. */
  url: string;
  /** HTML pages it served with the script added. */
  injected(): number;
  close(): Promise<void>;
}

/** Headers a rewritten page must not keep: its length and framing change, and a CSP could block the script. */
const DROPPED_ON_REWRITE = [
  'content-length',
  'transfer-encoding',
  'content-security-policy',
  'content-security-policy-report-only',
  'etag',
];

const wantsHtml = (request: http.IncomingMessage) => (request.headers.accept ?? '').includes('text/html');

/** Puts `script` first in `<head>` (or first in the document when it has none), before any of the page's own. */
export function injectScript(html: string, script: string): string {
  const tag = `<script>${script.replace(/<\/script/gi, '<\\/script')}</script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of the stack's edge that adds `script` to every HTML page,
 * the same way in every engine (no browser needs a preload API), and passes everything else through
 * as it comes, streams included, byte for byte and unbuffered.
 */
export async function startInjectProxy(upstream: string, script: string): Promise<InjectProxy> {
  const target = new URL(upstream);
  let injected = 0;
  const server = http.createServer((request, response) => {
    const html = wantsHtml(request);
    const headers = { ...request.headers, host: target.host };
    // A page is rewritten as text: ask for it uncompressed. Anything else keeps what the browser asked.
    if (html) headers['accept-encoding'] = 'identity';
    const forward = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers },
      (answer) => {
        const isHtml = (answer.headers['content-type'] ?? '').includes('text/html');
        // An answer cut short (the edge dropped the connection) is cut short for the browser too:
        // ended cleanly instead, a stream would look finished, or stay open with nothing coming.
        answer.on('close', () => {
          if (!answer.complete) response.destroy();
        });
        if (!isHtml || answer.headers['content-encoding']) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.flushHeaders();
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const page = injectScript(Buffer.concat(chunks).toString('utf8'), script);
          const kept = Object.fromEntries(
            Object.entries(answer.headers).filter(([name]) => !DROPPED_ON_REWRITE.includes(name)),
          );
          injected++;
          response.writeHead(answer.statusCode ?? 200, { ...kept, 'content-length': Buffer.byteLength(page) });
          response.end(page);
        });
      },
    );
    // No answer from the edge reaches the browser as no answer, never as a 502 of the proxy's own:
    // a 5xx ends a native EventSource for good (F10), where a dropped connection makes it retry.
    forward.on('error', () => response.destroy());
    // Either side going away ends the other: a closed tab must close its stream upstream too.
    response.on('close', () => forward.destroy());
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected: () => injected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
