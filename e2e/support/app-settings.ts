import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Stack } from './stack';
import { COMPOSE_PROJECT, REPO_ROOT } from '../lab-settings';

const run = promisify(execFile);

/** The app's variables a test needs on top of the stack's own (the values production reads). */
export type AppSettings = Readonly<Record<string, string>>;

/**
 * Where the settings the suite's app runs with are written down: a file, not a worker's memory, so
 * that a worker started after a failed test knows them too.
 */
const settingsRecord = (project = COMPOSE_PROJECT) => join(REPO_ROOT, '.lab', `${project}-app-settings.json`);

/** The settings the app was last recreated with (`{}`: the stack's own), or undefined when unknown. */
export function appSettingsInEffect(project = COMPOSE_PROJECT): AppSettings | undefined {
  try {
    return JSON.parse(readFileSync(settingsRecord(project), 'utf8')) as AppSettings;
  } catch {
    return undefined;
  }
}

/** Writes down what the app now runs with; undefined forgets it (the next test recreates the app). */
export function recordAppSettings(settings: AppSettings | undefined, project = COMPOSE_PROJECT): void {
  const path = settingsRecord(project);
  if (settings === undefined) return rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(settings));
}

export function sameSettings(a: AppSettings | undefined, b: AppSettings): boolean {
  if (a === undefined) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

const projectOf = (stack: Stack) => stack.compose.project ?? COMPOSE_PROJECT;

/** Recreates the app container with other settings (same variables production uses), and waits until healthy. */
export async function recreateApp(stack: Stack, overrides: AppSettings = {}): Promise<void> {
  // Forgotten first: a recreation that fails half-way leaves the app's settings unknown.
  recordAppSettings(undefined, projectOf(stack));
  await run('docker', stack.composeArgs('up', '-d', '--no-deps', '--wait', 'app'), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...overrides },
  });
  recordAppSettings(overrides, projectOf(stack));
}

/**
 * Runs the app with `settings` (the stack's own for `{}`), recreating it only when it runs with
 * others: tests in a row that need the same settings share one recreation.
 */
export async function runAppWith(stack: Stack, settings: AppSettings): Promise<boolean> {
  if (sameSettings(appSettingsInEffect(projectOf(stack)), settings)) return false;
  await recreateApp(stack, settings);
  return true;
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
