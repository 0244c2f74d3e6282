export interface ServerOptions {
  host: string;
  port: number;
  config?: string;
  version: boolean;
}

export const USAGE = 'usage: toxiproxy-compat [-host HOST] [-port PORT] [-config FILE] [-version]';

const VALUE_FLAGS = new Set(['host', 'port', 'config', 'seed']);
const BOOLEAN_FLAGS = new Set(['version', 'proxy-metrics', 'runtime-metrics']);

/** Parses Toxiproxy's Go-style flags: `-flag value`, `-flag=value`, and the `--` spellings. */
export function parseFlags(argv: string[]): ServerOptions {
  const options: ServerOptions = { host: 'localhost', port: 8474, version: false };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument "${argv[i]}"\n${USAGE}`);
    const [, flag, inline] = match;
    if (BOOLEAN_FLAGS.has(flag)) {
      if (flag === 'version') options.version = inline === undefined || inline === 'true';
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new Error(`flag provided but not defined: -${flag}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`flag needs an argument: -${flag}\n${USAGE}`);
    if (flag === 'host') options.host = value;
    if (flag === 'config') options.config = value;
    if (flag === 'port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid value "${value}" for flag -port: expected 0-65535\n${USAGE}`);
      options.port = port;
    }
  }
  return options;
}
