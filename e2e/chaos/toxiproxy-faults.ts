import { ToxiproxyError, type ToxiproxyAdmin } from '@sse-lab/test-support';
import type { FaultRequest } from './resolve';
import { resetOrRestart, type Recovery } from './toxiproxy-recovery';

/** Toxic names carry this prefix: what the lab added can be told apart and removed. */
export const TOXIC_PREFIX = 'chaos_';

async function proxyNamed(admin: ToxiproxyAdmin, name: string) {
  try {
    return await admin.proxy(name);
  } catch (error) {
    if (error instanceof ToxiproxyError && error.status === 404) {
      throw new Error(`Toxiproxy proxy "${name}" not found at ${admin.url}. Run "make up" first.`);
    }
    throw error;
  }
}

/**
 * Applies a toxic, proxy-down or clear fault through the Toxiproxy API. `clear` restarts a
 * Toxiproxy that does not answer (its container, which clears too) and returns what it did.
 */
export async function applyToxiproxyFault(
  admin: ToxiproxyAdmin,
  { fault, target, params }: FaultRequest,
): Promise<Recovery | undefined> {
  if (fault.kind === 'clear') return resetOrRestart(admin);
  if (fault.kind === 'backend' || fault.kind === 'replicas')
    throw new Error(`fault "${fault.name}" acts on containers, not on Toxiproxy`);
  const proxy = await proxyNamed(admin, target ?? fault.defaultTarget);
  if (fault.kind === 'proxy-down') {
    await admin.setEnabled(proxy.name, false);
    return undefined;
  }
  await admin.addToxic(proxy.name, {
    name: `${TOXIC_PREFIX}${fault.name}`,
    type: fault.toxic.type,
    stream: fault.toxic.stream,
    toxicity: 1,
    attributes: fault.attributes(params),
  });
  return undefined;
}

/** Undoes one fault: removes its toxic, or re-enables its proxy. Missing pieces are fine. */
export async function removeToxiproxyFault(admin: ToxiproxyAdmin, { fault, target }: FaultRequest): Promise<void> {
  if (fault.kind === 'clear' || fault.kind === 'backend' || fault.kind === 'replicas') return;
  const proxy = await proxyNamed(admin, target ?? fault.defaultTarget);
  if (fault.kind === 'proxy-down') {
    await admin.setEnabled(proxy.name, true);
    return;
  }
  await admin.removeToxic(proxy.name, `${TOXIC_PREFIX}${fault.name}`);
}

/** One line per proxy: enabled or not, and its toxics with their attributes. */
export async function describeActive(admin: ToxiproxyAdmin): Promise<string[]> {
  return Object.values(await admin.proxies()).map((proxy) => {
    const toxics = proxy.toxics.map((t) => `${t.name} (${t.type} ${t.stream} ${JSON.stringify(t.attributes)})`);
    return `${proxy.name}: ${proxy.enabled ? 'enabled' : 'DISABLED'}; ${toxics.length ? toxics.join(', ') : 'no toxic'}`;
  });
}
