import { lookup as dnsLookup } from 'node:dns/promises';
import { isHostName } from './env-rules';
import { InvalidEnvError } from './env.validation';
import type { TrustProxySetting } from './lab-config';

export type Lookup = (name: string) => Promise<string[]>;

const lookupAll: Lookup = async (name) => (await dnsLookup(name, { all: true })).map(({ address }) => address);

/**
 * TRUST_PROXY with its host names replaced by their addresses, as Express needs them. A proxy is
 * best trusted by name (a compose service: `toxiproxy`): its address may change between runs. A
 * name that does not resolve stops the start, naming the variable.
 */
export async function resolveTrustProxy(setting: TrustProxySetting, lookup: Lookup = lookupAll): Promise<TrustProxySetting> {
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
      problems.push(`TRUST_PROXY=${JSON.stringify(setting.join(','))}: "${entry}" does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  if (problems.length > 0) throw new InvalidEnvError(problems);
  return resolved;
}
