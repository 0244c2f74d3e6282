/**
 * Toxiproxy's HTTP API through the npm client (`toxiproxy-node-client`), with a bound on every
 * call. Toxiproxy's admin API can stop answering for good (Shopify/toxiproxy#558: removing a
 * latency toxic wedges it), and the package has neither a timeout nor an AbortSignal, so one
 * wedge would hang `make chaos`, a test's cleanup or the bench forever. Every call of the package
 * goes through one HTTP client; that client's fetch is bounded here, and keeps what Toxiproxy
 * answered (status and reason) where the package would say only "Request failed". A call that
 * runs out names itself and its proxy.
 */
import { Toxiproxy, ToxiproxyError as PackageError } from 'toxiproxy-node-client';
import { HttpClient } from 'toxiproxy-node-client/dist/HttpClient';

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

/** A call Toxiproxy answered with an error status, or could not be made at all (the package's error, with the call and the status). */
export class ToxiproxyError extends PackageError {
  constructor(
    message: string,
    /** e.g. `DELETE /proxies/edge/toxics/chaos_latency`. */
    readonly call: string,
    /** The HTTP status, when Toxiproxy answered. */
    readonly status?: number,
  ) {
    super('ToxiproxyError', message);
  }
}

/** Toxiproxy did not answer within the bound: it is down, paused, or wedged. */
export class ToxiproxyTimeoutError extends ToxiproxyError {
  override name = 'ToxiproxyTimeoutError';
}

/** True for the errors that mean "this Toxiproxy does not answer", as opposed to an answer the caller did not like. */
export const isUnresponsive = (error: unknown): boolean =>
  error instanceof ToxiproxyError && error.status === undefined;

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A fetch that reads the whole answer within the bound, and throws ToxiproxyError naming the call and its proxy. */
function boundedFetch(baseUrl: string, timeoutMs: number): Fetch {
  return async (url, init) => {
    const method = init.method ?? 'GET';
    const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
    const call = `${method} ${path}`;
    const proxy = /^\/proxies\/([^/]+)/.exec(path)?.[1];
    const about = `${call}${proxy === undefined ? '' : ` (proxy "${decodeURIComponent(proxy)}")`}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const cause = error as Error;
      if (cause.name === 'TimeoutError' || cause.name === 'AbortError') {
        throw new ToxiproxyTimeoutError(`Toxiproxy at ${baseUrl} did not answer ${about} within ${timeoutMs} ms`, call);
      }
      const reason = (cause.cause as Error | undefined)?.message ?? cause.message;
      throw new ToxiproxyError(`Toxiproxy at ${baseUrl} cannot be reached for ${about}: ${reason}`, call);
    }
    if (!response.ok) {
      throw new ToxiproxyError(
        `Toxiproxy at ${baseUrl} answered ${response.status} to ${about}: ${errorText(text)}`,
        call,
        response.status,
      );
    }
    // What the package reads next: the answer as it came (204 No Content cannot carry a body, even an empty one).
    return new Response(response.status === 204 ? null : text, { status: response.status, headers: response.headers });
  };
}

/**
 * The package's HTTP client on a bounded fetch. `doFetch` is private in the package's typings
 * (4.1.0, pinned) but is the one place every call of `Toxiproxy`, `Proxy` and `Toxic` passes
 * through; the admin tests against a silent server fail if that changes.
 */
function clientOn(doFetch: Fetch): HttpClient {
  return Object.assign(new HttpClient(), { doFetch });
}

const isMissingToxic = (error: unknown) =>
  error instanceof ToxiproxyError && error.status === 404 && /toxic not found/.test(error.message);

export class ToxiproxyAdmin {
  readonly url: string;
  readonly timeoutMs: number;
  private readonly client: Toxiproxy;
  private readonly fetch: Fetch;

  constructor(url: string, { timeoutMs = DEFAULT_ADMIN_TIMEOUT_MS }: ToxiproxyAdminOptions = {}) {
    this.url = url.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
    this.fetch = boundedFetch(this.url, timeoutMs);
    this.client = new Toxiproxy(this.url);
    this.client.api = clientOn(this.fetch);
  }

  async version(): Promise<string> {
    const text = await this.client.getVersion();
    // 2.12 answers {"version": "2.12.0"}; older releases the bare version.
    try {
      return (JSON.parse(text) as { version: string }).version;
    } catch {
      return text.trim();
    }
  }

  /** Every proxy with its toxics (the package's Proxy objects leave the toxics out, so the answer is read as it came). */
  async proxies(): Promise<Record<string, ProxyState>> {
    return (await this.client.api.get<Record<string, ProxyState> | undefined>(`${this.url}/proxies`)).data ?? {};
  }

  async proxy(name: string): Promise<ProxyState> {
    return (await this.client.api.get<ProxyState>(this.proxyUrl(name))).data;
  }

  async createProxy(spec: ProxySpec): Promise<ProxyState> {
    return stateOf((await this.client.createProxy(spec)).toJson());
  }

  /** The proxies as Toxiproxy answered (with the toxics that proxies kept from before). */
  async populate(specs: ProxySpec[]): Promise<ProxyState[]> {
    return (
      (await this.client.api.post<{ proxies: ProxyState[] | null }>(`${this.url}/populate`, specs)).data.proxies ?? []
    );
  }

  /**
   * PATCH with `enabled` alone: listen and upstream are left as stored, so the proxy is not
   * restarted for a toggle. The package updates with POST, which Toxiproxy logs as deprecated.
   */
  async setEnabled(name: string, enabled: boolean): Promise<ProxyState> {
    const response = await this.fetch(this.proxyUrl(name), {
      method: 'PATCH',
      body: JSON.stringify({ enabled }),
      headers: { 'content-type': 'application/json' },
    });
    return (await response.json()) as ProxyState;
  }

  async addToxic(proxy: string, toxic: ToxicSpec): Promise<ToxicState> {
    return (await this.client.api.post<ToxicState>(`${this.proxyUrl(proxy)}/toxics`, toxic)).data;
  }

  /** The toxic, or undefined when the proxy has none of that name. */
  async toxic(proxy: string, name: string): Promise<ToxicState | undefined> {
    try {
      return (await this.client.api.get<ToxicState>(this.toxicUrl(proxy, name))).data;
    } catch (error) {
      if (isMissingToxic(error)) return undefined;
      throw error;
    }
  }

  /** Removes the toxic; a toxic that is already gone is fine. */
  async removeToxic(proxy: string, name: string): Promise<void> {
    try {
      await this.client.api.delete(this.toxicUrl(proxy, name));
    } catch (error) {
      if (isMissingToxic(error)) return;
      throw error;
    }
  }

  async deleteProxy(name: string): Promise<void> {
    await this.client.api.delete(this.proxyUrl(name));
  }

  /** Every proxy enabled, every toxic removed. */
  async reset(): Promise<void> {
    await this.client.reset();
  }

  private proxyUrl(name: string): string {
    return `${this.url}/proxies/${encodeURIComponent(name)}`;
  }

  private toxicUrl(proxy: string, toxic: string): string {
    return `${this.proxyUrl(proxy)}/toxics/${encodeURIComponent(toxic)}`;
  }
}

const stateOf = (proxy: Omit<ProxyState, 'toxics'>): ProxyState => ({ ...proxy, toxics: [] });

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
