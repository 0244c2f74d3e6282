import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createApiServer } from './api/api-server';
import { ProxyCollection, type ProxyInput } from './proxy-collection';

export interface RunningServer {
  url: string;
  proxies: ProxyCollection;
  close(): Promise<void>;
}

/** Starts the API (and the proxies of a `-config` file, in the /populate format). */
export async function startServer(options: { host: string; port: number; config?: string }, log: (entry: Record<string, unknown>) => void = () => undefined): Promise<RunningServer> {
  const proxies = new ProxyCollection();
  if (options.config) {
    const entries = JSON.parse(await readFile(options.config, 'utf8')) as ProxyInput[];
    if (!Array.isArray(entries)) throw new Error(`-config ${options.config}: expected a JSON array of proxies`);
    await proxies.populate(entries);
    log({ msg: 'populated proxies from config', config: options.config, proxies: entries.length });
  }
  const api = createApiServer(proxies, log);
  await new Promise<void>((resolve, reject) => {
    api.once('error', reject);
    api.listen(options.port, options.host === 'localhost' ? '127.0.0.1' : options.host, resolve);
  });
  const { address, port } = api.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host === '[::]' || host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    proxies,
    close: async () => {
      for (const name of [...proxies.proxies.keys()]) proxies.remove(name);
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}
