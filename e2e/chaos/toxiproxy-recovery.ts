import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isUnresponsive, ToxiproxyAdmin, waitUntil } from '@sse-lab/test-support';

const run = promisify(execFile);

/**
 * Toxiproxy's admin API can stop answering for good (Shopify/toxiproxy#558: removing a latency
 * toxic while clients come and go wedges it). Nothing but a new process brings it back, so the
 * lab restarts the container that serves the API: its populate file applies again on start, which
 * leaves every proxy as the stack declared it and no toxic (a "clear").
 */

export interface ToxiproxyContainer {
  id: string;
  name: string;
  paused: boolean;
  /** The populate file mounted at /config/populate.json, on the host. */
  populateFile?: string;
}

export interface Recovery {
  container: string;
  populateFile?: string;
  proxies: string[];
  tookMs: number;
  /** Why it was restarted: the call that did not answer. */
  reason: string;
}

interface Inspected {
  Id: string;
  Name: string;
  State: { Paused: boolean; Running: boolean };
  Mounts: { Source: string; Destination: string }[];
  NetworkSettings: { Ports: Record<string, PortBinding[] | null> | null };
  HostConfig: { PortBindings: Record<string, PortBinding[] | null> | null };
}

interface PortBinding {
  HostIp: string;
  HostPort: string;
}

const binds = (ports: Record<string, PortBinding[] | null> | null, port: string) =>
  Object.values(ports ?? {}).some((bindings) => (bindings ?? []).some((binding) => binding.HostPort === port));

/**
 * The container whose port serves this Toxiproxy API URL: a running or paused one that publishes
 * it, else one that exited (its process crashed) and is configured to publish it.
 */
export async function toxiproxyContainer(apiUrl: string): Promise<ToxiproxyContainer> {
  const port = new URL(apiUrl).port || '80';
  const ids = (await run('docker', ['ps', '-aq'])).stdout.split('\n').filter(Boolean);
  const inspected: Inspected[] = ids.length
    ? JSON.parse((await run('docker', ['inspect', ...ids], { maxBuffer: 16 * 1024 * 1024 })).stdout)
    : [];
  const found =
    inspected.find((container) => container.State.Running && binds(container.NetworkSettings.Ports, port)) ??
    inspected.find((container) => !container.State.Running && binds(container.HostConfig.PortBindings, port));
  if (!found)
    throw new Error(
      `no container publishes the Toxiproxy API at ${apiUrl} (port ${port}); start the stack ("make up")`,
    );
  return {
    id: found.Id,
    name: found.Name.replace(/^\//, ''),
    paused: found.State.Paused,
    populateFile: found.Mounts.find((mount) => mount.Destination === '/config/populate.json')?.Source,
  };
}

async function declaredProxies(populateFile: string | undefined): Promise<string[]> {
  if (!populateFile) return [];
  const entries = JSON.parse(await readFile(populateFile, 'utf8')) as { name: string }[];
  return entries.map((entry) => entry.name);
}

/** Restarts the container behind `admin`, waits until its API answers with every declared proxy, and says what it did. */
export async function restartToxiproxy(
  admin: ToxiproxyAdmin,
  reason: string,
  { readyWithinMs = 20_000 } = {},
): Promise<Recovery> {
  const started = Date.now();
  const container = await toxiproxyContainer(admin.url);
  // A paused container is frozen: unpause it so that the restart's signals reach it. An exited one starts again.
  if (container.paused) await run('docker', ['unpause', container.id]);
  await run('docker', ['restart', '--time', '2', container.id]);
  const expected = await declaredProxies(container.populateFile);
  const probe = new ToxiproxyAdmin(admin.url, { timeoutMs: 1000 });
  const proxies = await waitUntil(
    async () => {
      const listed = await probe.proxies().catch(() => undefined);
      return listed && expected.every((name) => listed[name]) ? Object.keys(listed) : undefined;
    },
    readyWithinMs,
    `Toxiproxy at ${admin.url} answers with its proxies (${expected.join(', ') || 'any'}) after restarting ${container.name}`,
    100,
  );
  return {
    container: container.name,
    populateFile: container.populateFile,
    proxies,
    tookMs: Date.now() - started,
    reason,
  };
}

export function describeRecovery(admin: ToxiproxyAdmin, recovery: Recovery): string {
  const populate = recovery.populateFile ? ` (it applied ${recovery.populateFile} again)` : '';
  return (
    `${recovery.reason}: restarted Toxiproxy's container ${recovery.container}${populate}; ` +
    `proxies ${recovery.proxies.join(', ')} back at ${admin.url} after ${(recovery.tookMs / 1000).toFixed(1)} s, with no toxic`
  );
}

/**
 * `POST /reset`, or, when Toxiproxy does not answer, a restart of its container (which clears
 * too). Returns what was restarted, or undefined when the reset answered. Errors that are
 * Toxiproxy's own answers are passed on: a restart would hide them.
 */
export async function resetOrRestart(admin: ToxiproxyAdmin): Promise<Recovery | undefined> {
  try {
    await admin.reset();
    return undefined;
  } catch (error) {
    if (!isUnresponsive(error)) throw error;
    return restartToxiproxy(admin, (error as Error).message);
  }
}

/** The container's log since `since` (ISO time), for a test that a wedge failed. */
export async function toxiproxyLog(admin: ToxiproxyAdmin, since: string): Promise<string> {
  try {
    const container = await toxiproxyContainer(admin.url);
    const { stdout, stderr } = await run('docker', ['logs', '--since', since, container.id], {
      maxBuffer: 32 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    return `could not read Toxiproxy's log: ${(error as Error).message}`;
  }
}
