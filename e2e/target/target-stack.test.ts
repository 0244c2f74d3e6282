import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeConfig } from '../platforms/edge-config';
import { describePlatformEdge } from '../platforms/platform-edge';
import type { Target } from './target-file';
import { describeTargetStack, envFileText, targetImage, targetProxies } from './target-stack';

const built: Target = {
  name: 'spike',
  file: '/t/target.json',
  build: '/t',
  port: 3000,
  page: '/',
  env: {},
  expect: [],
};
const pulled: Target = { ...built, build: undefined, image: 'dashboard:1.4', port: 8080, env: { A: 'x=1 y' } };

describe('targetProxies', () => {
  it('should put the edge in front of the upstream proxy, and the upstream in front of the app port', () => {
    expect(targetProxies(pulled)).toEqual([
      { name: 'edge', listen: '0.0.0.0:8080', upstream: '127.0.0.1:8081', enabled: true },
      { name: 'upstream', listen: '0.0.0.0:8081', upstream: 'app-back:8080', enabled: true },
    ]);
  });
});

describe('envFileText', () => {
  it('should write a variable a line, the value verbatim', () => {
    expect(envFileText({ A: 'x=1 y', B: '' })).toBe('A=x=1 y\nB=\n');
  });

  it('should refuse a value that spans lines, naming the variable', () => {
    expect(() => envFileText({ KEY: 'a\nb' })).toThrow(/target env KEY/);
  });
});

describe('describeTargetStack', () => {
  it('should build a folder target under its own image name and add the build file', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'target-stack-'));
    const stack = describeTargetStack(built, { stateDir });
    expect(targetImage(built)).toBe('sse-target/spike:latest');
    expect(stack.project).toBe('sse-target-spike');
    expect(stack.composeFiles.map((file) => file.split('/').pop())).toEqual(['compose.target.yaml', 'build.yaml']);
    expect(stack.env).toMatchObject({
      TARGET_IMAGE: 'sse-target/spike:latest',
      TARGET_BUILD: '/t',
      TARGET_PORT: '3000',
    });
    expect(JSON.parse(readFileSync(stack.env.TARGET_POPULATE!, 'utf8'))).toEqual(targetProxies(built));
  });

  it('should run an image as it is, with its environment file and the ports asked for', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'target-stack-'));
    const stack = describeTargetStack(pulled, {
      stateDir,
      ports: { lab: 9080, toxiproxyApi: 9474, app: 9000, nginx: 9088, bufferingNginx: 9089 },
    });
    expect(stack.composeFiles.some((file) => file.endsWith('build.yaml'))).toBe(false);
    expect(stack.env).toMatchObject({
      TARGET_IMAGE: 'dashboard:1.4',
      LAB_PORT: '9080',
      APP_PORT: '9000',
      NGINX_PORT: '9088',
      BUFFERING_NGINX_PORT: '9089',
    });
    expect(stack.urls.nginx).toBe('http://127.0.0.1:9088');
    expect(stack.env.TARGET_BUILD).toBeUndefined();
    expect(readFileSync(stack.env.TARGET_ENV_FILE!, 'utf8')).toBe('A=x=1 y\n');
    expect(stack.urls.page).toBe('http://127.0.0.1:9080/');
  });

  it("should put a platform's edge between the edge proxy and the upstream, with the proxy's files and image", () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'target-stack-'));
    const platform = describePlatformEdge({ platform: 'gcp-lb', timeScale: '0.1' }, stateDir, {
      caddy: 'sse-lab/caddy:2.6',
    });
    const stack = describeTargetStack(pulled, { stateDir, platform });
    expect(JSON.parse(readFileSync(stack.env.TARGET_POPULATE!, 'utf8'))).toEqual([
      { name: 'edge', listen: '0.0.0.0:8080', upstream: 'platform:443', enabled: true },
      { name: 'upstream', listen: '0.0.0.0:8081', upstream: 'app-back:8080', enabled: true },
    ]);
    expect(stack.composeFiles.map((file) => file.split('/').pop())).toEqual([
      'compose.target.yaml',
      'compose.platform.yaml',
    ]);
    expect(stack.env).toMatchObject({
      PLATFORM_PROXY_IMAGE: 'sse-lab/caddy:2.6',
      PLATFORM_CONFIG: platform.configFile,
    });
    // TLS and HTTP/2 where the platform speaks them to the browser.
    expect(stack.urls.page).toBe('https://127.0.0.1:8080/');
  });

  it("should tell the spin-down edge the target's own port, to know when it is up again", () => {
    const platform = describePlatformEdge({ platform: 'render' }, tmpdir(), {}, `app-back:${pulled.port}`);
    const stack = describeTargetStack(pulled, { stateDir: mkdtempSync(join(tmpdir(), 'target-stack-')), platform });
    expect(stack.composeFiles.map((file) => file.split('/').pop())).toContain('compose.spin-down.yaml');
    expect(
      JSON.parse(edgeConfig(platform.profile, platform.limits, platform.parameters, platform.appAddress)),
    ).toMatchObject({
      readyAt: 'app-back:8080',
      service: 'app',
    });
  });

  it('should run several instances behind a load balancer the upstream proxy reaches, when the file gives replicas', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'target-stack-'));
    const stack = describeTargetStack({ ...pulled, replicas: 3 }, { stateDir });
    expect(stack.composeFiles.map((file) => file.split('/').pop())).toEqual(['compose.target.yaml', 'replicas.yaml']);
    expect(stack.env).toMatchObject({ TARGET_REPLICAS: '3' });
    expect(JSON.parse(readFileSync(stack.env.TARGET_POPULATE!, 'utf8'))[1]).toMatchObject({ upstream: 'lb:80' });
    expect(readFileSync(stack.env.TARGET_LB_CONF!, 'utf8')).toMatch(/server app-back:8080 max_fails=0;/);
  });

  it('should write no load balancer for a single instance', () => {
    const stack = describeTargetStack(pulled, { stateDir: mkdtempSync(join(tmpdir(), 'target-stack-')) });
    expect(stack.env.TARGET_LB_CONF).toBeUndefined();
  });
});
