import net from 'node:net';
import { Connection } from './connection';
import { formatListen, parseListen, parseUpstream } from './listen-address';
import { toxicJson, type ToxicInstance } from './toxic-instance';

export interface ProxyConfig {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** One listener forwarding to one upstream, with its toxics and live connections. */
export class Proxy {
  listen: string;
  upstream: string;
  enabled = false;
  readonly toxics: ToxicInstance[] = [];
  private server?: net.Server;
  private readonly connections = new Set<Connection>();
  /** Accepted clients whose upstream is still being dialed. */
  private readonly dialing = new Set<net.Socket>();

  constructor(readonly name: string, listen: string, upstream: string) {
    this.listen = listen;
    this.upstream = upstream;
  }

  /** Listens; on success `listen` becomes the bound address. Throws Go-like bind errors. */
  async start(): Promise<void> {
    if (this.server) return;
    const address = parseListen(this.listen);
    const { server, host } = await listenOnFirst(listenHosts(address.host), address.port, (client) => this.accept(client)).catch(
      (error: NodeJS.ErrnoException) => {
        throw bindError(this.listen, address.host, address.port, error);
      },
    );
    const bound = server.address() as net.AddressInfo;
    this.server = server;
    this.listen = formatListen({ host, port: bound.port });
    this.enabled = true;
  }

  /** Closes the listener and every connection at once (data in flight is lost). */
  stop(): void {
    this.server?.close();
    this.server = undefined;
    this.enabled = false;
    for (const connection of [...this.connections]) connection.destroy();
    for (const client of [...this.dialing]) client.destroy();
    this.dialing.clear();
  }

  addToxic(toxic: ToxicInstance): void {
    this.toxics.push(toxic);
    for (const connection of this.connections) connection.links[toxic.stream].addToxic(toxic);
  }

  updateToxic(toxic: ToxicInstance): void {
    this.toxics[this.toxics.findIndex((t) => t.name === toxic.name)] = toxic;
    for (const connection of this.connections) connection.links[toxic.stream].updateToxic(toxic);
  }

  removeToxic(toxic: ToxicInstance): void {
    this.toxics.splice(this.toxics.indexOf(toxic), 1);
    for (const connection of [...this.connections]) connection.links[toxic.stream].removeToxic(toxic.name);
  }

  /** Upstream-chain toxics first, then downstream, each in the order added. */
  orderedToxics(): ToxicInstance[] {
    return [...this.toxics.filter((t) => t.stream === 'upstream'), ...this.toxics.filter((t) => t.stream === 'downstream')];
  }

  toJson() {
    return { name: this.name, listen: this.listen, upstream: this.upstream, enabled: this.enabled, Logger: {}, toxics: this.orderedToxics().map(toxicJson) };
  }

  private accept(client: net.Socket): void {
    let target;
    try {
      target = parseUpstream(this.upstream);
    } catch {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: target.host, port: target.port });
    this.dialing.add(client);
    client.once('close', () => {
      this.dialing.delete(client);
      upstream.destroy();
    });
    // An upstream that cannot be reached: the client connected, then reads EOF.
    upstream.once('error', () => client.end(() => client.destroy()));
    client.once('error', () => upstream.destroy());
    upstream.once('connect', () => {
      if (!this.dialing.delete(client)) return upstream.destroy();
      client.removeAllListeners('close');
      upstream.removeAllListeners('error');
      client.removeAllListeners('error');
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      // The chain as it is once the dial succeeded, as Toxiproxy copies it: a toxic added meanwhile applies.
      const connection = new Connection(client, upstream, [...this.toxics], (closed) => this.connections.delete(closed));
      this.connections.add(connection);
      connection.run();
      client.resume();
    });
  }
}

/**
 * All interfaces are `::` (dual stack, as Go binds them) with `0.0.0.0` as the fallback where
 * IPv6 is off; any other host is tried as it is.
 */
export function listenHosts(host: string): string[] {
  return host === '::' ? ['::', '0.0.0.0'] : [host];
}

const NO_SUCH_FAMILY = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EINVAL']);

/** Listens on the first host that the machine supports; a bind error other than a missing address family is final. */
export async function listenOnFirst(hosts: string[], port: number, onConnection: (socket: net.Socket) => void, create = net.createServer): Promise<{ server: net.Server; host: string }> {
  let lastError: NodeJS.ErrnoException | undefined;
  for (const host of hosts) {
    const server = create({ pauseOnConnect: true }, onConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return { server, host };
    } catch (error) {
      lastError = error as NodeJS.ErrnoException;
      if (!NO_SUCH_FAMILY.has(lastError.code ?? '')) throw lastError;
    }
  }
  throw lastError;
}

function bindError(listen: string, host: string, port: number, error: NodeJS.ErrnoException): Error {
  const reason = error.code === 'EADDRINUSE' ? 'bind: address already in use' : error.code === 'EADDRNOTAVAIL' ? 'bind: cannot assign requested address' : error.message;
  return new Error(`listen tcp ${formatListen({ host, port }) || listen}: ${reason}`);
}
