import { isIPv6 } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/** Parses `host:port`, `[v6]:port`, `:port` or `` (any port, all interfaces) the way Go's net.Listen accepts them. */
export function parseListen(listen: string): ListenAddress {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(listen.trim());
  if (listen.trim() === '') return { host: '::', port: 0 };
  if (!match) throw new Error(`listen tcp ${listen}: address ${listen}: missing port in address`);
  const host = match[1] ?? match[2];
  const port = Number(match[3]);
  if (port > 65535) throw new Error(`listen tcp ${listen}: address ${listen}: invalid port`);
  if (WILDCARDS.has(host)) return { host: '::', port };
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

/** The bound address as Toxiproxy reports it: `127.0.0.1:P`, or `[::]:P` for all interfaces. */
export function formatListen({ host, port }: ListenAddress): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Upstreams are dialed per connection: `host:port`. */
export function parseUpstream(upstream: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(upstream.trim());
  if (!match) throw new Error(`address ${upstream}: missing port in address`);
  return { host: match[1] ?? match[2], port: Number(match[3]) };
}
