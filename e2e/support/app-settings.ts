import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Stack } from './stack';
import { REPO_ROOT } from '../lab-settings';

const run = promisify(execFile);

/** Recreates the app container with other settings (same variables production uses), and waits until healthy. */
export async function recreateApp(stack: Stack, overrides: Record<string, string> = {}): Promise<void> {
  await run('docker', stack.composeArgs('up', '-d', '--no-deps', '--wait', 'app'), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...overrides },
  });
}

/** The address of a service's container on one of the stack's networks (`front`, `back`, `direct`). */
export async function containerIp(stack: Stack, service: string, network: string): Promise<string> {
  const { stdout: id } = await run('docker', stack.composeArgs('ps', '-q', service), { cwd: REPO_ROOT });
  const { stdout } = await run('docker', ['inspect', '-f', '{{json .NetworkSettings.Networks}}', id.trim()]);
  const networks = JSON.parse(stdout) as Record<string, { IPAddress: string }>;
  const match = Object.entries(networks).find(([name]) => name.endsWith(`_${network}`));
  if (!match)
    throw new Error(`${service} is not on a network named *_${network} (it is on ${Object.keys(networks).join(', ')})`);
  return match[1].IPAddress;
}
