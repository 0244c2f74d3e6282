import type { ProxyOptions } from 'vite';

/**
 * How the Vite dev proxy treats an event stream whose backend goes away:
 * - `off`: the spike's setup (Vite's defaults) — after a backend kill the browser's stream stays OPEN, silent;
 * - `abort`: propagate the upstream abort to the browser — it then reconnects, gets Vite's 502 and stays CLOSED;
 * - `full`: propagate the abort and drop the browser socket instead of answering 502 — native reconnection works.
 */
export type ProxyFix = 'off' | 'abort' | 'full';

export const PROXY_FIXES: readonly ProxyFix[] = ['off', 'abort', 'full'];

export function parseProxyFix(raw: string | undefined, variable = 'VITE_PROXY_FIX'): ProxyFix {
  const value = (raw ?? '').trim() || 'off';
  if ((PROXY_FIXES as readonly string[]).includes(value)) return value as ProxyFix;
  throw new Error(`${variable}=${JSON.stringify(raw)}: expected one of ${PROXY_FIXES.join(', ')}`);
}

export function parseApiTarget(raw: string | undefined, variable = 'VITE_API_TARGET'): string {
  const value = (raw ?? '').trim() || 'http://localhost:3000';
  if (!/^https?:\/\/[^/]+/.test(value))
    throw new Error(`${variable}=${JSON.stringify(raw)}: expected an http(s) URL such as http://localhost:3000`);
  return value;
}

type Configure = NonNullable<ProxyOptions['configure']>;

export function sseProxyFix(fix: ProxyFix): Configure | undefined {
  if (fix === 'off') return undefined;
  return (proxy) => {
    // vitejs/vite#20712: http-proxy-3 pipes the upstream body but never ends the browser's
    // response when the upstream one is cut, so the browser keeps a dead stream OPEN.
    proxy.on('proxyRes', (proxyRes, _req, res) => {
      proxyRes.on('close', () => {
        if (!proxyRes.complete && !res.destroyed) res.destroy();
      });
    });
    if (fix !== 'full') return;
    // Runs before Vite's own handler (configure is called first): with the socket gone, the
    // browser sees a network error and retries, instead of a 502 that closes EventSource for good.
    proxy.on('error', (_error, _req, res) => {
      if ('req' in res && !res.headersSent) res.destroy();
    });
  };
}
