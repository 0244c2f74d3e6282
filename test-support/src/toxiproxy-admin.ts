/**
 * A client for Toxiproxy's HTTP API in which every call has a bound. Toxiproxy's admin API can
 * stop answering for good (Shopify/toxiproxy#558: removing a latency toxic wedges it), and the
 * npm client has neither a timeout nor an AbortSignal, so one wedge would hang `make chaos`, a
 * test's cleanup or the bench forever. A call that runs out names itself and its proxy.
 */

export type ToxicStream = 'upstream' | 'downstream';

export interface ToxicState {
  name: string;
  type: string;
  stream: ToxicStream;
  toxicity: number;
  attributes: Record<string, number>;
}

export interface ProxyState {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicState[];
}

export interface ProxySpec {
  name: string;
  listen: string;
  upstream: string;
  enabled?: boolean;
}

export interface ToxicSpec {
  name?: string;
  type: string;
  stream?: ToxicStream;
  toxicity?: number;
  attributes?: Record<string, number>;
}

export interface ToxiproxyAdminOptions {
  /** Bound of every call, in milliseconds. */
  timeoutMs?: number;
}

export const DEFAULT_ADMIN_TIMEOUT_MS = 5000;

/** A call Toxiproxy answered with an error status, or could not be made at all. */
export class ToxiproxyError extends Error {
  constructor(
    message: string,
    /** e.g. `DELETE /proxies/edge/toxics/chaos_latency`. */
    readonly call: string,
    /** The HTTP status, when Toxiproxy answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ToxiproxyError';
  }
}

/** Toxiproxy did not answer within the bound: it is down, paused, or wedged. */
export class ToxiproxyTimeoutError extends ToxiproxyError {
  override name = 'ToxiproxyTimeoutError';
}

/** True for the errors that mean "this Toxiproxy does not answer", as opposed to an answer the caller did not like. */
export const isUnresponsive = (error: unknown): boolean => error instanceof ToxiproxyError && error.status === undefined;

const proxyPath = (proxy: string) => `/proxies/${encodeURIComponent(proxy)}`;
const toxicPath = (proxy: string, toxic: string) => `${proxyPath(proxy)}/toxics/${encodeURIComponent(toxic)}`;

export class ToxiproxyAdmin {
  readonly url: string;
  readonly timeoutMs: number;

  constructor(url: string, { timeoutMs = DEFAULT_ADMIN_TIMEOUT_MS }: ToxiproxyAdminOptions = {}) {
    this.url = url.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
  }

  async version(): Promise<string> {
    return ((await this.call<{ version: string }>('GET', '/version')) as { version: string }).version;
  }

  async proxies(): Promise<Record<string, ProxyState>> {
    return (await this.call<Record<string, ProxyState>>('GET', '/proxies')) ?? {};
  }

  async proxy(name: string): Promise<ProxyState> {
    return (await this.call<ProxyState>('GET', proxyPath(name), undefined, name)) as ProxyState;
  }

  async createProxy(spec: ProxySpec): Promise<ProxyState> {
    return (await this.call<ProxyState>('POST', '/proxies', spec, spec.name)) as ProxyState;
  }

  async populate(specs: ProxySpec[]): Promise<ProxyState[]> {
    return ((await this.call<{ proxies: ProxyState[] | null }>('POST', '/populate', specs))?.proxies ?? []) as ProxyState[];
  }

  /** PATCH with `enabled` alone: listen and upstream are left as stored, so the proxy is not restarted for a toggle. */
  async setEnabled(name: string, enabled: boolean): Promise<ProxyState> {
    return (await this.call<ProxyState>('PATCH', proxyPath(name), { enabled }, name)) as ProxyState;
  }

  async addToxic(proxy: string, toxic: ToxicSpec): Promise<ToxicState> {
    return (await this.call<ToxicState>('POST', `${proxyPath(proxy)}/toxics`, toxic, proxy)) as ToxicState;
  }

  /** The toxic, or undefined when the proxy has none of that name. */
  async toxic(proxy: string, name: string): Promise<ToxicState | undefined> {
    try {
      return await this.call<ToxicState>('GET', toxicPath(proxy, name), undefined, proxy);
    } catch (error) {
      if (error instanceof ToxiproxyError && error.status === 404 && /toxic not found/.test(error.message)) return undefined;
      throw error;
    }
  }

  /** Removes the toxic; a toxic that is already gone is fine. */
  async removeToxic(proxy: string, name: string): Promise<void> {
    try {
      await this.call('DELETE', toxicPath(proxy, name), undefined, proxy);
    } catch (error) {
      if (error instanceof ToxiproxyError && error.status === 404 && /toxic not found/.test(error.message)) return;
      throw error;
    }
  }

  async deleteProxy(name: string): Promise<void> {
    await this.call('DELETE', proxyPath(name), undefined, name);
  }

  /** Every proxy enabled, every toxic removed. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown, proxy?: string): Promise<T | undefined> {
    const call = `${method} ${path}`;
    const about = `${call}${proxy === undefined ? '' : ` (proxy "${proxy}")`}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const cause = error as Error;
      if (cause.name === 'TimeoutError' || cause.name === 'AbortError') {
        throw new ToxiproxyTimeoutError(`Toxiproxy at ${this.url} did not answer ${about} within ${this.timeoutMs} ms`, call);
      }
      const reason = (cause.cause as Error | undefined)?.message ?? cause.message;
      throw new ToxiproxyError(`Toxiproxy at ${this.url} cannot be reached for ${about}: ${reason}`, call);
    }
    if (!response.ok) {
      throw new ToxiproxyError(`Toxiproxy at ${this.url} answered ${response.status} to ${about}: ${errorText(text)}`, call, response.status);
    }
    return text.trim() === '' ? undefined : (JSON.parse(text) as T);
  }
}

/** Toxiproxy's error body is `{"error": "...", "status": N}` (sent as text/plain); anything else is shown as it came. */
function errorText(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: a gorilla/mux 404 page, or a 503 from the handler timeout
  }
  return text.trim().slice(0, 200) || '(empty body)';
}
