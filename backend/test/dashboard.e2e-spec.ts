import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DASHBOARD_MISSING } from '../src/spa/dashboard';
import { startLab, type LabServer } from './support/lab-server';

describe('the dashboard on the same origin', () => {
  let lab: LabServer;
  afterEach(() => lab.close());

  it('should serve the built SPA at / with history fallback, leaving /api to the API', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sse-lab-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>SSE Parity Lab</title><div id="app"></div>');
    lab = await startLab({ STATIC_DIR: dist });
    expect(await (await fetch(`${lab.url}/`)).text()).toContain('<title>SSE Parity Lab</title>');
    expect(await (await fetch(`${lab.url}/some/client/route`)).text()).toContain('<div id="app">');
    expect((await fetch(`${lab.url}/api/health`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${lab.url}/api/nope`)).status).toBe(404);
  });

  it('should explain how to build the dashboard when it is missing', async () => {
    lab = await startLab({ STATIC_DIR: join(tmpdir(), 'sse-lab-no-such-dir') });
    const res = await fetch(`${lab.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(DASHBOARD_MISSING);
  });
});
