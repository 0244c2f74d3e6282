import { compile as compileTrust } from 'proxy-addr';
import type { LogLevelSetting, TrustProxySetting } from './lab-config';

/** Reads one variable: returns the parsed value, or throws a message naming the value and what is expected. */
export type Rule<T> = (raw: string) => T;

export class RuleError extends Error {}

export function integer(min: number, max: number, unit: string): Rule<number> {
  return (raw) => {
    const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new RuleError(`expected an integer from ${min} to ${max} (${unit})`);
    }
    return value;
  };
}

export const LOG_LEVELS: readonly LogLevelSetting[] = ['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export const logLevel: Rule<LogLevelSetting> = (raw) => {
  const value = raw.trim().toLowerCase() as LogLevelSetting;
  if (!LOG_LEVELS.includes(value)) throw new RuleError(`expected one of ${LOG_LEVELS.join(', ')}`);
  return value;
};

export const host: Rule<string> = (raw) => {
  const value = raw.trim();
  if (!/^[\w.:-]+$/.test(value)) throw new RuleError('expected a host name or an IP address');
  return value;
};

export const path: Rule<string> = (raw) => {
  if (raw.trim() === '') throw new RuleError('expected a folder path');
  return raw.trim();
};

const TRUST_EXPECTED =
  'expected "false", a hop count from 0 to 10, or a comma-separated list of IP addresses, CIDR ranges, loopback/linklocal/uniquelocal or host names';

/** A DNS name (resolved at start), as opposed to an address, a range or a proxy-addr keyword. */
export const isHostName = (entry: string): boolean =>
  /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry) &&
  !['loopback', 'linklocal', 'uniquelocal'].includes(entry);

/** Same semantics as Express "trust proxy", minus `true`, which would let any client spoof X-Forwarded-For. */
export const trustProxy: Rule<TrustProxySetting> = (raw) => {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true')
    throw new RuleError(`trusting every hop lets any client spoof X-Forwarded-For; ${TRUST_EXPECTED}`);
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new RuleError(TRUST_EXPECTED);
    return hops === 0 ? false : hops;
  }
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  try {
    compileTrust(list.filter((entry) => !isHostName(entry)));
  } catch {
    throw new RuleError(TRUST_EXPECTED);
  }
  return list;
};

export function oneOf<T extends string>(values: readonly T[]): Rule<T> {
  return (raw) => {
    const value = raw.trim().toLowerCase() as T;
    if (!values.includes(value)) throw new RuleError(`expected one of ${values.join(', ')}`);
    return value;
  };
}

/** A Redis URL: scheme redis (or rediss for TLS), a host, an optional port and database number. */
export const redisUrl: Rule<string> = (raw) => {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RuleError('expected a URL such as redis://redis:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new RuleError('expected a redis:// or rediss:// URL');
  if (!url.hostname) throw new RuleError('expected a host, as in redis://redis:6379');
  if (url.pathname && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname))
    throw new RuleError('expected at most a database number after the host, as in redis://redis:6379/0');
  return value;
};

/** A name made of letters, digits and . _ : - (a Redis key prefix, a replica name). */
export const name: Rule<string> = (raw) => {
  const value = raw.trim();
  if (!/^[\w.:-]{1,64}$/.test(value)) throw new RuleError('expected 1 to 64 letters, digits or . _ : -');
  return value;
};
