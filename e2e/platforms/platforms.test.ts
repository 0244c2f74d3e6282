import { describe, expect, it } from 'vitest';
import { edgeConfig, listenPort } from './edge-config';
import { DASHBOARD_DEFAULTS, PLATFORMS, platformNamed } from './index';
import type { PlatformProfile } from './platform';
import { describePlatformStack } from './platform-stack';
import { APP_FLOORS, lowestTimeScale, parseTimeScale, scaleLimits, scaleSettings } from './time-scale';

const profile = (overrides: Partial<PlatformProfile>): PlatformProfile => ({
  ...platformNamed('heroku'),
  ...overrides,
});

describe('the platform catalogue', () => {
  it('should have the platforms the lab models, each once, each with its sources', () => {
    expect(PLATFORMS.map(({ name }) => name).sort()).toEqual([
      'alb',
      'azure',
      'cloud-run',
      'cloudflare',
      'gcp-lb',
      'heroku',
      'render',
    ]);
    for (const { name, sources } of PLATFORMS) expect(sources.length, name).toBeGreaterThan(0);
  });

  it('should render every profile with the proxy it names', () => {
    for (const candidate of PLATFORMS)
      expect(() => edgeConfig(candidate, candidate.limits), candidate.name).not.toThrow();
  });

  it('should recommend a stream duration under every cap, and a heartbeat under every idle timeout', () => {
    for (const { name, limits, recommended } of PLATFORMS) {
      if (limits.totalMs !== undefined) {
        expect(recommended.maxStreamMs, name).toBeGreaterThan(0);
        expect(recommended.maxStreamMs, name).toBeLessThan(limits.totalMs);
      }
      if (limits.idleMs !== undefined) expect(recommended.heartbeatMs, name).toBeLessThan(limits.idleMs);
      // A rotation is a new request: under the idle time before a sleep, it keeps the app awake.
      if (limits.sleepAfterMs !== undefined) {
        expect(recommended.maxStreamMs, name).toBeGreaterThan(0);
        expect(recommended.maxStreamMs, name).toBeLessThan(limits.sleepAfterMs);
      }
    }
  });

  it('should name the valid platforms when asked for another', () => {
    expect(() => platformNamed('vercel')).toThrow(/PLATFORM="vercel": expected one of heroku, gcp-lb, cloud-run/);
  });
});

describe('a profile as proxy configuration', () => {
  it('should give Caddy a write deadline for a cap on the whole response, and no read timeouts', () => {
    const config = edgeConfig(platformNamed('gcp-lb'), { totalMs: 3_000 });
    expect(config).toMatch(/timeouts \{\n\t+write 3000ms/);
    expect(config).not.toMatch(/read_timeout|response_header_timeout/);
    expect(config).toMatch(/^https:\/\/:443 \{\n\ttls /m);
    expect(config).toMatch(/protocols h1 h2\n/);
  });

  it("should give Caddy the first-byte deadline and the idle timeout apart (Heroku's 30 s and 55 s)", () => {
    const config = edgeConfig(platformNamed('heroku'), { firstByteMs: 30_000, idleMs: 55_000 });
    expect(config).toMatch(/read_timeout 55000ms/);
    expect(config).toMatch(/response_header_timeout 30000ms/);
    expect(config).not.toMatch(/write \d/);
    expect(config).toMatch(/^http:\/\/:80 \{/m);
    expect(config).toMatch(/flush_interval -1/);
  });

  it('should give nginx its one inactivity timer, unbuffered', () => {
    const config = edgeConfig(platformNamed('cloudflare'), { idleMs: 10_000, firstByteMs: 10_000 });
    expect(config).toMatch(/proxy_read_timeout 10000ms;/);
    expect(config).toMatch(/proxy_buffering off;/);
    expect(config).toMatch(/listen 80;/);
    expect(edgeConfig(platformNamed('alb'), { idleMs: 6_000, firstByteMs: 6_000 })).toMatch(/listen 443 ssl http2;/);
  });

  it('should refuse limits nginx cannot express, naming the profile', () => {
    const nginx = profile({ name: 'odd', proxy: 'nginx' });
    expect(() => edgeConfig(nginx, { totalMs: 30_000 })).toThrow(/odd: nginx has no cap on a response's duration/);
    expect(() => edgeConfig(nginx, { idleMs: 55_000, firstByteMs: 30_000 })).toThrow(/odd: nginx has one timer/);
  });

  it('should listen with TLS where the platform speaks HTTP/2 to the browser', () => {
    expect(listenPort(platformNamed('gcp-lb'))).toBe(443);
    expect(listenPort(platformNamed('heroku'))).toBe(80);
  });
});

describe('PLATFORM_TIME_SCALE', () => {
  const heroku = platformNamed('heroku');

  it('should be 1 when unset, and scale limits and settings together', () => {
    expect(parseTimeScale(undefined, heroku)).toBe(1);
    expect(parseTimeScale('', heroku)).toBe(1);
    expect(parseTimeScale('0.1', heroku)).toBe(0.1);
    expect(scaleLimits({ idleMs: 55_000, firstByteMs: 30_000 }, 0.1)).toEqual({
      idleMs: 5_500,
      firstByteMs: 3_000,
      totalMs: undefined,
    });
    expect(scaleSettings({ heartbeatMs: 30_000, maxStreamMs: 24_000 }, 0.1)).toEqual({
      heartbeatMs: 3_000,
      maxStreamMs: 2_400,
    });
  });

  it.each(['0', '-1', '1.5', 'fast', '0.001'])('should refuse %j, naming the variable and the lowest', (raw) => {
    expect(() => parseTimeScale(raw, heroku)).toThrow(
      new RegExp(`PLATFORM_TIME_SCALE="${raw}": expected a number from 0.004 to 1 for heroku`),
    );
  });

  it("should go as low as the profile's settings keep to the app's floors, and no lower", () => {
    // gcp-lb rotates its streams at 24 s: 1 s at 0.042, under it below.
    const gcpLb = platformNamed('gcp-lb');
    expect(lowestTimeScale(gcpLb)).toBe(0.042);
    expect(parseTimeScale('0.042', gcpLb)).toBe(0.042);
    expect(() => parseTimeScale('0.04', gcpLb)).toThrow(/expected a number from 0.042 to 1 for gcp-lb/);
    expect(lowestTimeScale(platformNamed('render'))).toBe(0.004);
    expect(lowestTimeScale(gcpLb, { heartbeatMs: 1_000, maxStreamMs: 1_000 })).toBe(0.042);
    expect(lowestTimeScale(heroku, { heartbeatMs: 1_000, maxStreamMs: 1_000 })).toBe(0.034);
  });

  it("should keep every profile's scaled settings at or above the app's floors at its lowest scale", () => {
    for (const profile of PLATFORMS) {
      const scale = lowestTimeScale(profile);
      for (const settings of [DASHBOARD_DEFAULTS, profile.recommended]) {
        const { heartbeatMs, maxStreamMs } = scaleSettings(settings, scale);
        expect(heartbeatMs, profile.name).toBeGreaterThanOrEqual(APP_FLOORS.heartbeatMs);
        if (maxStreamMs > 0) expect(maxStreamMs, profile.name).toBeGreaterThanOrEqual(APP_FLOORS.maxStreamMs);
      }
    }
  });
});

describe('a platform stack', () => {
  it("should run the dashboard's own settings by default, scaled, behind the profile's proxy", () => {
    const stack = describePlatformStack({ platform: 'gcp-lb', timeScale: '0.1' }, '/state', {
      caddy: 'sse-lab/caddy:2.6',
    });
    expect(stack.settings).toEqual(scaleSettings(DASHBOARD_DEFAULTS, 0.1));
    expect(stack.limits.totalMs).toBe(3_000);
    expect(stack.configFile).toBe('/state/gcp-lb-x0.1.Caddyfile');
    expect(stack.env).toMatchObject({
      PLATFORM_PROXY_IMAGE: 'sse-lab/caddy:2.6',
      PLATFORM_CONFIG_TARGET: '/etc/caddy/Caddyfile',
      TOXIPROXY_POPULATE: 'populate.platform-tls.json',
      TRUST_PROXY: 'toxiproxy',
      HEARTBEAT_MS: '3000',
      MAX_STREAM_MS: '0',
    });
  });

  it("should apply the lab's advice with PLATFORM_SETTINGS=recommended", () => {
    const stack = describePlatformStack({ platform: 'gcp-lb', timeScale: '0.1', settings: 'recommended' }, '/state');
    expect(stack.env).toMatchObject({ MAX_STREAM_MS: '2400', PLATFORM_PROXY_IMAGE: 'caddy:2.6' });
  });

  it('should put nginx profiles behind plain HTTP/1.1 where the platform speaks it', () => {
    const stack = describePlatformStack({ platform: 'cloudflare' }, '/state', { nginx: 'sse-lab/nginx:1.22' });
    expect(stack.env).toMatchObject({
      PLATFORM_PROXY_IMAGE: 'sse-lab/nginx:1.22',
      PLATFORM_CONFIG_TARGET: '/etc/nginx/conf.d/default.conf',
      TOXIPROXY_POPULATE: 'populate.platform.json',
    });
  });

  it('should put a profile that sleeps behind the spin-down edge, on the Node image, told whether a stream is traffic', () => {
    const stack = describePlatformStack({ platform: 'render', timeScale: '0.05', streamIsTraffic: 'yes' }, '/state', {
      node: 'node:22-bookworm-slim',
    });
    expect(stack.composeFiles).toContain('infra/platform/compose.spin-down.yaml');
    expect(stack.configFile).toBe('/state/render-x0.05-stream-awake.json');
    expect(stack.env).toMatchObject({
      PLATFORM_PROXY_IMAGE: 'node:22-bookworm-slim',
      PLATFORM_CONFIG_TARGET: '/etc/platform/spin-down.json',
      TOXIPROXY_POPULATE: 'populate.platform.json',
    });
    expect(JSON.parse(edgeConfig(stack.profile, stack.limits, stack.parameters))).toEqual({
      listenPort: 80,
      upstream: 'toxiproxy:8081',
      readyAt: 'app-back:3000',
      service: 'app',
      sleepAfterMs: 45_000,
      streamIsTraffic: true,
    });
    // Unset, an open stream is not traffic: the answer that breaks a dashboard, and a file of its own.
    expect(describePlatformStack({ platform: 'render', timeScale: '0.05' }, '/state').configFile).toBe(
      '/state/render-x0.05-stream-idle.json',
    );
  });

  it('should refuse PLATFORM_STREAM_IS_TRAFFIC where it is not yes or no, or where the profile never sleeps', () => {
    expect(() => describePlatformStack({ platform: 'render', streamIsTraffic: 'true' }, '/state')).toThrow(
      /^PLATFORM_STREAM_IS_TRAFFIC="true": expected yes or no$/,
    );
    expect(() => describePlatformStack({ platform: 'heroku', streamIsTraffic: 'yes' }, '/state')).toThrow(
      /PLATFORM_STREAM_IS_TRAFFIC="yes": heroku never sleeps/,
    );
  });

  it('should name each bad variable', () => {
    expect(() => describePlatformStack({ platform: 'heroku', settings: 'fast' }, '/state')).toThrow(
      /PLATFORM_SETTINGS="fast": expected dashboard or recommended/,
    );
    expect(() => describePlatformStack({ platform: 'heroku', timeScale: '2' }, '/state')).toThrow(
      /PLATFORM_TIME_SCALE="2"/,
    );
    expect(() => describePlatformStack({ platform: 'render-free' }, '/state')).toThrow(/PLATFORM="render-free"/);
  });
});
