import type { LaunchOptions } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Flags that let Debian's Chromium run headless as root on a machine with a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium by default; CHROMIUM_PATH points at another build, and a machine with
 * Playwright's own browser installed (and no Debian Chromium) uses that.
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const executablePath = env.CHROMIUM_PATH || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
  if (env.CHROMIUM_PATH && !existsSync(env.CHROMIUM_PATH)) {
    throw new Error(`CHROMIUM_PATH="${env.CHROMIUM_PATH}": no such file. Install chromium ("apt-get install chromium") or unset it.`);
  }
  return { executablePath, args: CHROMIUM_ARGS };
}
