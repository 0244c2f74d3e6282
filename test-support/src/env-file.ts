import { existsSync, readFileSync } from 'node:fs';

/** The `KEY=value` lines of a file the bootstrap writes (infra/.images.env, infra/.toxiproxy.env); {} when it is absent. */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}
