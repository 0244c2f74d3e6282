import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Stack } from '../fixtures';
import { REPO_ROOT } from '../lab-settings';

const run = promisify(execFile);

/** One JSON log line of the app (LOG_LEVEL ≥ log). */
export interface AppLogLine {
  timestamp: number;
  message: unknown;
}

/** The app's JSON log lines since `since` (ms since epoch), as the server wrote them. */
export async function appLog(stack: Stack, since: number): Promise<AppLogLine[]> {
  const { stdout } = await run(
    'docker',
    stack.composeArgs('logs', '--no-color', '--no-log-prefix', '--since', new Date(since - 1000).toISOString(), 'app'),
    {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  // docker compose may start lines with terminal control codes even without a TTY: read from the JSON on.
  return stdout
    .split('\n')
    .map((line) => line.slice(Math.max(0, line.indexOf('{"'))))
    .filter((line) => line.startsWith('{"'))
    .map((line) => JSON.parse(line) as AppLogLine)
    .filter((line) => line.timestamp >= since);
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
