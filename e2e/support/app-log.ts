import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Stack } from './stack';
import { REPO_ROOT } from '../lab-settings';

const run = promisify(execFile);

/** One JSON log line of the app (LOG_LEVEL ≥ log). */
export interface AppLogLine {
  timestamp: number;
  message: unknown;
}

/**
 * What a service of the stack logged since `since` (ms since epoch, with a second of margin: the
 * caller filters by the time in each line), one string a line. The nginx profile is named so that
 * its services are found too.
 */
export async function serviceLogLines(
  composeArgs: Stack['composeArgs'],
  service: string,
  since: number,
): Promise<string[]> {
  const { stdout } = await run(
    'docker',
    composeArgs(
      '--profile',
      'nginx',
      'logs',
      '--no-color',
      '--no-log-prefix',
      '--since',
      new Date(since - 1000).toISOString(),
      service,
    ),
    { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout.split('\n');
}

/** The JSON lines among `lines` (from `serviceLogLines`) stamped since `since` (ms since epoch); other lines are left out. */
export function jsonLogLines<Line extends { timestamp: number }>(lines: string[], since: number): Line[] {
  // docker compose may start lines with terminal control codes even without a TTY: read from the JSON on.
  return lines
    .map((line) => line.slice(Math.max(0, line.indexOf('{"'))))
    .filter((line) => line.startsWith('{"'))
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => line.timestamp >= since);
}

/** The app's JSON lines among `lines` (from `serviceLogLines`), those since `since` (ms since epoch). */
export const appLogLines = (lines: string[], since: number): AppLogLine[] => jsonLogLines<AppLogLine>(lines, since);

/** The app's JSON log lines since `since` (ms since epoch), as the server wrote them. */
export async function appLog(stack: Stack, since: number): Promise<AppLogLine[]> {
  return appLogLines(await serviceLogLines(stack.composeArgs, 'app', since), since);
}

/** When the server accepted each stream that resumed from an id, from its `stream opened` lines. */
export async function resumedStreamArrivals(stack: Stack, since: number): Promise<number[]> {
  return (await appLog(stack, since))
    .filter(({ message }) => {
      const event = message as { event?: string; lastEventId?: string | null };
      return event.event === 'stream opened' && typeof event.lastEventId === 'string';
    })
    .map((line) => line.timestamp);
}

/** When the app (started again after `since`) logged that it listens. */
export async function listeningAt(stack: Stack, since: number): Promise<number> {
  const line = (await appLog(stack, since)).find(
    ({ message }) => (message as { event?: string }).event === 'listening',
  );
  if (!line) throw new Error(`the app logged no "listening" line since ${new Date(since).toISOString()}`);
  return line.timestamp;
}
