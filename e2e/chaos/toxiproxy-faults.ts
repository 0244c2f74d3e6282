import type { Toxiproxy } from 'toxiproxy-node-client';
import type { FaultRequest } from './resolve';

/** Toxic names carry this prefix: what the lab added can be told apart and removed. */
export const TOXIC_PREFIX = 'chaos_';

const NOT_FOUND = /status code 404/;

async function proxyNamed(client: Toxiproxy, name: string) {
  try {
    return await client.get(name);
  } catch (error) {
    if (NOT_FOUND.test(String(error))) {
      throw new Error(`Toxiproxy proxy "${name}" not found at ${client.host}. Run "make up" first.`);
    }
    throw new Error(`Toxiproxy API not reachable at ${client.host} (${(error as Error).message}). Run "make up" first.`);
  }
}

/** Applies a toxic, proxy-down or clear fault through the Toxiproxy API. */
export async function applyToxiproxyFault(client: Toxiproxy, { fault, target, params }: FaultRequest): Promise<void> {
  if (fault.kind === 'clear') return client.reset();
  if (fault.kind === 'backend' || fault.kind === 'replicas') throw new Error(`fault "${fault.name}" acts on containers, not on Toxiproxy`);
  const proxy = await proxyNamed(client, target ?? fault.defaultTarget);
  if (fault.kind === 'proxy-down') {
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    return;
  }
  await proxy.addToxic({
    name: `${TOXIC_PREFIX}${fault.name}`,
    type: fault.toxic.type,
    stream: fault.toxic.stream,
    toxicity: 1,
    attributes: fault.attributes(params),
  } as never);
}

/** Undoes one fault: removes its toxic, or re-enables its proxy. Missing pieces are fine. */
export async function removeToxiproxyFault(client: Toxiproxy, { fault, target }: FaultRequest): Promise<void> {
  if (fault.kind === 'clear' || fault.kind === 'backend' || fault.kind === 'replicas') return;
  const proxy = await proxyNamed(client, target ?? fault.defaultTarget);
  if (fault.kind === 'proxy-down') {
    await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    return;
  }
  const toxic = await proxy.getToxic(`${TOXIC_PREFIX}${fault.name}`).catch(() => undefined);
  await toxic?.remove();
}

/** One line per proxy: enabled or not, and its toxics with their attributes. */
export async function describeActive(client: Toxiproxy): Promise<string[]> {
  const res = await fetch(`${client.host}/proxies`);
  const proxies = (await res.json()) as Record<string, { name: string; enabled: boolean; toxics: { name: string; type: string; stream: string; attributes: object }[] }>;
  return Object.values(proxies).map((proxy) => {
    const toxics = proxy.toxics.map((t) => `${t.name} (${t.type} ${t.stream} ${JSON.stringify(t.attributes)})`);
    return `${proxy.name}: ${proxy.enabled ? 'enabled' : 'DISABLED'}; ${toxics.length ? toxics.join(', ') : 'no toxic'}`;
  });
}
