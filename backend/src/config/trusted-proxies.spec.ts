import { describe, expect, it } from 'vitest';
import { validateEnv } from './env.validation';
import { resolveTrustProxy } from './trusted-proxies';

const lookup = async (name: string) => {
  if (name === 'toxiproxy') return ['172.20.0.5', 'fd00::5'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

describe('resolveTrustProxy', () => {
  it('should replace host names by all their addresses and keep the rest', async () => {
    const setting = validateEnv({ TRUST_PROXY: 'toxiproxy, 10.0.0.0/8, loopback' }).trustProxy;
    expect(await resolveTrustProxy(setting, lookup)).toEqual(['172.20.0.5', 'fd00::5', '10.0.0.0/8', 'loopback']);
  });

  it('should leave false and hop counts alone', async () => {
    expect(await resolveTrustProxy(false, lookup)).toBe(false);
    expect(await resolveTrustProxy(2, lookup)).toBe(2);
  });

  it('should stop the start when a name does not resolve, naming the variable and the name', async () => {
    await expect(resolveTrustProxy(['nginx-gone'], lookup, 0)).rejects.toThrow(
      /TRUST_PROXY="nginx-gone": "nginx-gone" does not resolve \(ENOTFOUND\)/,
    );
  });

  it('should wait for a proxy whose name appears shortly after the app starts', async () => {
    let calls = 0;
    const appearsLater = async (name: string) => (++calls < 3 ? lookup(name) : ['172.20.0.9']);
    expect(await resolveTrustProxy(['nginx'], appearsLater, 5_000)).toEqual(['172.20.0.9']);
    expect(calls).toBe(3);
  });

  it('should resolve a real name through DNS', async () => {
    expect(await resolveTrustProxy(['localhost'])).toContain('127.0.0.1');
  });
});
