import { ApiError, ERRORS } from './api/api-error';
import { formatListen, parseListen } from './listen-address';
import { Proxy } from './proxy';

export interface ProxyInput {
  name?: unknown;
  listen?: unknown;
  upstream?: unknown;
  enabled?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Canonical form of a listen string, to tell a real change from another spelling of it. */
function canonicalListen(listen: string): string {
  try {
    return formatListen(parseListen(listen));
  } catch {
    return listen;
  }
}

/** The proxies by name, with Toxiproxy's create / populate / update / reset rules. */
export class ProxyCollection {
  readonly proxies = new Map<string, Proxy>();

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw ERRORS.proxyNotFound();
    return proxy;
  }

  static validate(input: ProxyInput, suffix = ''): void {
    if (!text(input.name)) throw ERRORS.missingField('name', suffix);
    if (!text(input.upstream)) throw ERRORS.missingField('upstream', suffix);
  }

  async create(input: ProxyInput): Promise<Proxy> {
    ProxyCollection.validate(input);
    const name = text(input.name);
    if (this.proxies.has(name)) throw ERRORS.proxyExists();
    const proxy = new Proxy(name, text(input.listen), text(input.upstream));
    if (input.enabled !== false) await this.startOrFail(proxy);
    this.proxies.set(name, proxy);
    return proxy;
  }

  /** Validates every entry first; then keeps unchanged proxies, replaces changed ones, creates new ones. */
  async populate(inputs: ProxyInput[]): Promise<Proxy[]> {
    inputs.forEach((input, index) => ProxyCollection.validate(input, ` at proxy ${index + 1}`));
    const done: Proxy[] = [];
    for (const input of inputs) {
      const existing = this.proxies.get(text(input.name));
      try {
        if (existing && !this.differs(existing, input)) {
          done.push(existing);
          continue;
        }
        // As Toxiproxy's AddOrReplace: the old proxy is stopped, and stays (stopped) if its
        // replacement cannot listen; it is replaced only once the new one listens.
        existing?.stop();
        if (existing) this.proxies.delete(existing.name);
        try {
          done.push(await this.create(input));
        } catch (error) {
          if (existing) this.proxies.set(existing.name, existing);
          throw error;
        }
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError((error as Error).message, 500);
        throw new ApiError(apiError.message, apiError.status, { proxies: done.map((p) => p.toJson()) });
      }
    }
    return done;
  }

  async update(name: string, input: ProxyInput): Promise<Proxy> {
    const proxy = this.get(name);
    const listen = typeof input.listen === 'string' ? input.listen : proxy.listen;
    const upstream = typeof input.upstream === 'string' ? input.upstream : proxy.upstream;
    const enabled = typeof input.enabled === 'boolean' ? input.enabled : proxy.enabled;
    if (this.differs(proxy, { listen, upstream })) {
      proxy.stop();
      proxy.listen = listen;
      proxy.upstream = upstream;
    }
    if (enabled && !proxy.enabled) await this.startOrFail(proxy);
    if (!enabled && proxy.enabled) proxy.stop();
    return proxy;
  }

  remove(name: string): void {
    this.get(name).stop();
    this.proxies.delete(name);
  }

  /** Re-enables every proxy and removes every toxic (running their cleanup). */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      await this.startOrFail(proxy);
      for (const toxic of [...proxy.toxics]) proxy.removeToxic(toxic);
    }
  }

  private differs(proxy: Proxy, input: ProxyInput): boolean {
    return canonicalListen(text(input.listen)) !== canonicalListen(proxy.listen) || text(input.upstream) !== proxy.upstream;
  }

  private async startOrFail(proxy: Proxy): Promise<void> {
    try {
      await proxy.start();
    } catch (error) {
      throw new ApiError((error as Error).message, 500);
    }
  }
}
