import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `/proc/net/tcp` state codes a connection can no longer be held in. */
const LISTEN = '0A';
const TIME_WAIT = '06';

/**
 * Connections to `port` in a `/proc/<pid>/net/tcp` (or tcp6) table: every socket on that local
 * port but the listening one and those the kernel alone is closing (TIME_WAIT). A CLOSE_WAIT
 * counts: its peer left and the app has not closed it.
 */
export function connectionsOnPort(table: string, port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state]) => local?.endsWith(`:${hexPort}`) && state !== LISTEN && state !== TIME_WAIT).length;
}

/** The host pid of a container's first process: its network namespace is the app's. */
export async function containerPid(containerId: string): Promise<number> {
  const { stdout } = await run('docker', ['inspect', '--format', '{{.State.Pid}}', containerId]);
  const pid = Number(stdout.trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`container ${containerId} has no running process`);
  return pid;
}

/**
 * Counts the app's connections on its port, read from the host through `/proc/<pid>/net` (which
 * shows the namespace of that process): nothing runs inside the app's container.
 */
export async function appConnections(pid: number, port: number): Promise<number> {
  const tables = await Promise.all(
    ['tcp', 'tcp6'].map((name) => readFile(`/proc/${pid}/net/${name}`, 'utf8').catch(() => '')),
  );
  return tables.reduce((sum, table) => sum + connectionsOnPort(table, port), 0);
}

/**
 * Counts the connections to `port` of every container given, summed: their processes are looked
 * up once, so each count reads only their `/proc/<pid>/net` tables (a poll's every read).
 */
export async function connectionCounter(containers: string[], port: number): Promise<() => Promise<number>> {
  const pids = await Promise.all(containers.map(containerPid));
  return async () => {
    const counts = await Promise.all(pids.map((pid) => appConnections(pid, port)));
    return counts.reduce((sum, count) => sum + count, 0);
  };
}
