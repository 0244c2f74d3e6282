import { execFileSync } from 'node:child_process';

/** The open-file limit this process runs under (`ulimit -n`): each stream costs one descriptor in the server and one in the load generator, two separate processes. */
export function openFileLimit(): number {
  const raw = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return raw === 'unlimited' ? Number.POSITIVE_INFINITY : Number(raw);
}

/** The largest stream count the limit allows, leaving room for the rest of the process. */
export function streamsAllowed(limit: number): number {
  return Math.max(0, limit - 256);
}
