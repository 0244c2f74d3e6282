import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SseConnection } from './support/sse-connection';
import { waitUntil } from '@sse-lab/test-support';

const MAIN = join(__dirname, '../dist/main.js');

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', STATIC_DIR: __dirname, ...env },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

const listeningUrl = (stdout: string): string | undefined =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .find((entry) => entry.message?.event === 'listening')?.message.url;

describe('the backend process', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  it('should refuse to start on a bad variable, naming it and the accepted range', async () => {
    const proc = run({ HEARTBEAT_MS: 'abc', MAX_STREAMS_PER_IP: '-2' });
    child = proc.child;
    expect(await proc.exited).toBe(78);
    expect(proc.output.stderr).toContain('HEARTBEAT_MS="abc": expected an integer from 100 to 3600000 (milliseconds)');
    expect(proc.output.stderr).toContain('MAX_STREAMS_PER_IP="-2"');
  });

  it('should end open streams and exit 0 on SIGTERM', async () => {
    const proc = run({ LOG_LEVEL: 'log', HEARTBEAT_MS: '60000' });
    child = proc.child;
    const url = await waitUntil(() => listeningUrl(proc.output.stdout), 10_000, 'backend listening');
    const stream = await SseConnection.open(`${url}/api/stream`);
    await stream.waitForFrames((f) => f.length >= 1, 2000, 'hello');

    const signalledAt = Date.now();
    proc.child.kill('SIGTERM');
    await stream.waitForEnd(5000);
    expect(await proc.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(proc.output.stdout).toMatch(/"event":"stream closed".*"reason":"shutdown"/);
  });
});
