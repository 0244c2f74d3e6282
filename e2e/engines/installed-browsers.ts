import type { LaunchOptions } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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
const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';
const DEBIAN_WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';

const mustExist = (variable: string, path: string, install: string) => {
  if (!existsSync(path)) throw new Error(`${variable}="${path}": no such file. ${install} or unset it.`);
  return path;
};

/**
 * Debian's Chromium by default; CHROMIUM_PATH points at another build, and a machine with
 * Playwright's own browser installed (and no Debian Chromium) uses that.
 */
export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  if (env.CHROMIUM_PATH)
    return {
      executablePath: mustExist('CHROMIUM_PATH', env.CHROMIUM_PATH, 'Install chromium ("apt-get install chromium")'),
      args: CHROMIUM_ARGS,
    };
  return { executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined, args: CHROMIUM_ARGS };
}

/**
 * Playwright drives a stock Firefox over WebDriver BiDi, and each release sends commands only
 * the Firefox of its day knows: @playwright/test 1.65 asks Firefox 153 (bookworm's ESR) for
 * `emulation.setMediaFeaturesOverride` and gets "unknown command". The pair below is measured.
 */
export const FIREFOX_PAIRING = { playwright: '1.64', firefoxMajor: 153 };

export interface FirefoxLaunch {
  /** `moz-firefox`: a stock Firefox over WebDriver BiDi; undefined: Playwright's own build. */
  channel: 'moz-firefox' | undefined;
  executablePath: string | undefined;
  /** Which Firefox, for the report. */
  source: string;
}

/** FIREFOX_PATH, else Debian's firefox-esr, else Playwright's own Firefox if it is installed. */
export function firefoxLaunch(env: NodeJS.ProcessEnv = process.env): FirefoxLaunch {
  if (env.FIREFOX_PATH)
    return {
      channel: 'moz-firefox',
      executablePath: mustExist(
        'FIREFOX_PATH',
        env.FIREFOX_PATH,
        'Install firefox-esr ("apt-get install firefox-esr")',
      ),
      source: env.FIREFOX_PATH,
    };
  if (existsSync(DEBIAN_FIREFOX))
    return { channel: 'moz-firefox', executablePath: DEBIAN_FIREFOX, source: DEBIAN_FIREFOX };
  return { channel: undefined, executablePath: undefined, source: "Playwright's own Firefox" };
}

export const playwrightVersion = (): string =>
  (require('@playwright/test/package.json') as { version: string }).version;

/** The major version a Firefox binary reports ("Mozilla Firefox 153.8.0esr"). */
export function firefoxMajor(versionLine: string): number | undefined {
  const match = /(\d+)\.\d+/.exec(versionLine);
  return match ? Number(match[1]) : undefined;
}

/**
 * Fails, before any protocol error can, when the Playwright installed and the Firefox found are
 * not a pair that works, and says what to align.
 */
export function checkFirefoxPairing(playwright: string, firefoxVersion: string, pairing = FIREFOX_PAIRING): void {
  const major = firefoxMajor(firefoxVersion);
  const pinned = playwright === pairing.playwright || playwright.startsWith(`${pairing.playwright}.`);
  if (pinned && major !== undefined && major >= pairing.firefoxMajor) return;
  throw new Error(
    `Playwright ${playwright} with ${firefoxVersion.trim() || 'an unknown Firefox'}: this lab drives Firefox with @playwright/test ${pairing.playwright}.x ` +
      `and Firefox ${pairing.firefoxMajor} or newer (Debian bookworm's firefox-esr). A newer Playwright sends WebDriver BiDi commands an older Firefox rejects ` +
      `("Protocol error … unknown command"). Align them: pin "@playwright/test": "${pairing.playwright}.x" in e2e/package.json, or install a newer Firefox ` +
      `(FIREFOX_PATH) and update FIREFOX_PAIRING in e2e/engines/installed-browsers.ts once it is measured.`,
  );
}

export const versionOf = (binary: string): string =>
  execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim().split('\n')[0] ?? '';

export interface WebKitPaths {
  driver: string;
  miniBrowser: string;
  xvfb: string;
}

/** WebKitGTK's WebDriver and MiniBrowser (Debian: webkit2gtk-driver) and Xvfb; WEBKIT_WEBDRIVER / MINIBROWSER_PATH override. */
export function webkitPaths(env: NodeJS.ProcessEnv = process.env): WebKitPaths {
  const install = 'Install WebKitGTK\'s driver and Xvfb ("apt-get install webkit2gtk-driver xvfb", or "make browser")';
  const driver = mustExist('WEBKIT_WEBDRIVER', env.WEBKIT_WEBDRIVER || DEBIAN_WEBKIT_DRIVER, install);
  const miniBrowser = env.MINIBROWSER_PATH || findMiniBrowser();
  if (!miniBrowser)
    throw new Error(`MiniBrowser not found under /usr/lib/*/webkit2gtk-4.1/: ${install}, or set MINIBROWSER_PATH.`);
  return {
    driver,
    miniBrowser: mustExist('MINIBROWSER_PATH', miniBrowser, install),
    xvfb: mustExist('XVFB_PATH', env.XVFB_PATH || '/usr/bin/Xvfb', install),
  };
}

function findMiniBrowser(): string | undefined {
  const lib = '/usr/lib';
  if (!existsSync(lib)) return undefined;
  return readdirSync(lib)
    .map((dir) => join(lib, dir, 'webkit2gtk-4.1', 'MiniBrowser'))
    .find((path) => existsSync(path));
}
