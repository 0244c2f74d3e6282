import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readEnvFile } from './env-file';
import { freePort } from './free-port';
import { ToxiproxyAdmin } from './toxiproxy-admin';
import { waitUntil } from './wait-until';

/** The real Toxiproxy server binary, running on a free loopback port. */
export interface ToxiproxyServer {
  url: string;
  port: number;
  admin: ToxiproxyAdmin;
  /** Where the binary came from (infra/.toxiproxy.env's TOXIPROXY_ORIGIN). */
  origin: string;
  /** The server's last log lines, for a failing test's message. */
  log(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (a wedged server may never finish its shutdown). */
  stop(graceMs?: number): Promise<void>;
}

const ENV_FILE = join('infra', '.toxiproxy.env');
const LOG_LINES = 200;

/** The binary: TOXIPROXY_SERVER_PATH, else the one `make toxiproxy` recorded in the repository's infra/.toxiproxy.env. */
export function toxiproxyBinary(from = process.cwd()): { path: string; origin: string } {
  if (process.env.TOXIPROXY_SERVER_PATH)
    return { path: process.env.TOXIPROXY_SERVER_PATH, origin: 'TOXIPROXY_SERVER_PATH' };
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const file = join(dir, ENV_FILE);
    const values = readEnvFile(file);
    if (values.TOXIPROXY_SERVER_PATH)
      return { path: values.TOXIPROXY_SERVER_PATH, origin: values.TOXIPROXY_ORIGIN ?? file };
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    'No Toxiproxy binary: run "make toxiproxy" (it builds the real one from TOXIPROXY_SOURCE, the release source archive, or copies it out of the Toxiproxy image), or set TOXIPROXY_SERVER_PATH.',
  );
}

export async function startToxiproxy({ startTimeoutMs = 10_000 } = {}): Promise<ToxiproxyServer> {
  const { path, origin } = toxiproxyBinary();
  if (!existsSync(path))
    throw new Error(`The Toxiproxy binary ${path} (${origin}) is missing: run "make toxiproxy" again.`);
  const port = await freePort();
  const lines: string[] = [];
  const child: ChildProcess = spawn(path, ['-host', '127.0.0.1', '-port', String(port)], {
    env: { ...process.env, LOG_LEVEL: process.env.TOXIPROXY_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - LOG_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const admin = new ToxiproxyAdmin(url, { timeoutMs: 2000 });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async (graceMs = 3000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  };

  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
        return admin.version().catch(() => undefined);
      },
      startTimeoutMs,
      `Toxiproxy (${path}) answers GET /version on ${url}`,
      50,
    );
  } catch (error) {
    await stop(500);
    throw new Error(`${(error as Error).message}\n${lines.join('\n')}`);
  }
  return { url, port, admin, origin, log: () => lines.join('\n'), stop };
}
