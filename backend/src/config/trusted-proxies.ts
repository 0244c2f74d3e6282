import { lookup as dnsLookup } from 'node:dns/promises';
import { isHostName } from './env-rules';
import { InvalidEnvError } from './env.validation';
import type { TrustProxySetting } from './lab-config';

export type Lookup = (name: string) => Promise<string[]>;

const lookupAll: Lookup = async (name) => (await dnsLookup(name, { all: true })).map(({ address }) => address);

/** How long a proxy's name may take to appear: a proxy started with, or just after, the app (compose.scale.yaml's nginx). */
export const TRUST_PROXY_RESOLVE_WAIT_MS = 15_000;

/**
 * TRUST_PROXY with its host names replaced by their addresses, as Express needs them. A proxy is
 * best trusted by name (a compose service: `toxiproxy`): its address may change between runs. A
 * name that does not resolve within `waitMs` stops the start, naming the variable.
 */
export async function resolveTrustProxy(
  setting: TrustProxySetting,
  lookup: Lookup = lookupAll,
  waitMs = TRUST_PROXY_RESOLVE_WAIT_MS,
): Promise<TrustProxySetting> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await resolveOnce(setting, lookup);
    } catch (error) {
      if (!(error instanceof InvalidEnvError) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function resolveOnce(setting: TrustProxySetting, lookup: Lookup): Promise<TrustProxySetting> {
  if (!Array.isArray(setting)) return setting;
  const resolved: string[] = [];
  const problems: string[] = [];
  for (const entry of setting) {
    if (!isHostName(entry)) {
      resolved.push(entry);
      continue;
    }
    try {
      const addresses = await lookup(entry);
      if (addresses.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
      resolved.push(...addresses);
    } catch (error) {
      problems.push(
        `TRUST_PROXY=${JSON.stringify(setting.join(','))}: "${entry}" does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidEnvError(problems);
  return resolved;
}
