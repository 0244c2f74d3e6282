import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, until } from './support';

const ROOT = join(__dirname, '..');

describe('the server as a plain Node process', () => {
  let sse: http.Server;
  let ssePort = 0;
  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    // An SSE-like upstream: one small event every 100 ms.
    sse = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const timer = setInterval(() => res.write(`data: ${Date.now()}\n\n`), 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => sse.listen(0, '127.0.0.1', resolve));
    ssePort = (sse.address() as AddressInfo).port;
  });
  afterAll(() => sse.close());

  it('loads -config, serves the API, and passes stream events through without buffering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toxiproxy-compat-'));
    const config = join(dir, 'populate.json');
    writeFileSync(config, JSON.stringify([{ name: 'edge', listen: '127.0.0.1:0', upstream: `127.0.0.1:${ssePort}` }]));
    const child = spawn(process.execPath, [join(ROOT, 'dist/main.js'), '-host=127.0.0.1', '-port', '0', '-config', config]);
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    try {
      await until(() => /"url":"http:\/\/127\.0\.0\.1:\d+"/.test(stdout), 10_000, 'API listening');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stdout)![1];
      const edge = JSON.parse((await api(url, 'GET', '/proxies/edge')).text);
      const delays: number[] = [];
      await new Promise<void>((resolve, reject) => {
        http.get(`http://${edge.listen}/`, (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            for (const match of chunk.matchAll(/data: (\d+)/g)) delays.push(Date.now() - Number(match[1]));
            if (delays.length >= 10) {
              res.destroy();
              resolve();
            }
          });
        }).on('error', reject);
      });
      delays.sort((a, b) => a - b);
      expect(delays[Math.floor(delays.length / 2)]).toBeLessThan(50);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
  });

  it('exits 2 with a message naming a bad flag', () => {
    try {
      execFileSync(process.execPath, [join(ROOT, 'dist/main.js'), '-prot=1'], { stdio: 'pipe' });
      expect.fail('should have exited');
    } catch (error) {
      const failure = error as { status: number; stderr: Buffer };
      expect(failure.status).toBe(2);
      expect(failure.stderr.toString()).toContain('flag provided but not defined: -prot');
    }
  });
});
