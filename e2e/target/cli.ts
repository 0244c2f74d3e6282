import { loadTarget, TargetFileError } from './target-file';
import { startTarget, stopTarget, TargetStartError } from './target-lifecycle';
import { describeTargetStack } from './target-stack';
import { probeWire } from './wire-probe';

const USAGE = 'usage: tsx target/cli.ts up|down|wire <target.json>';

/** A duration in whole seconds from the environment, or the default. */
function secondsFromEnv(name: string, defaultSeconds: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return defaultSeconds * 1000;
  if (!/^[1-9][0-9]*$/.test(raw)) {
    throw new TargetFileError(`${name}="${raw}": expected whole seconds, e.g. ${defaultSeconds}`);
  }
  return Number(raw) * 1000;
}

async function main([command, file]: string[]): Promise<void> {
  if (!file || !['up', 'down', 'wire'].includes(command ?? '')) throw new TargetFileError(USAGE);
  const stack = describeTargetStack(loadTarget(file));
  if (command === 'wire') {
    const { stream } = stack.target;
    if (!stream)
      throw new TargetFileError(`target file ${file}:\n  "stream": needed to read the wire (the stream's path)`);
    const watchMs = secondsFromEnv('WATCH_S', 35);
    console.log(`==> reading ${stack.urls.edge}${stream} for ${watchMs / 1000} s, then once more with Last-Event-ID`);
    const { facts } = await probeWire(`${stack.urls.edge}${stream}`, { watchMs });
    console.log(JSON.stringify(facts, null, 2));
    return;
  }
  if (command === 'down') {
    console.log(`==> stopping ${stack.target.name} (${stack.project})`);
    await stopTarget(stack);
    return;
  }
  await startTarget(stack, {
    startTimeoutMs: secondsFromEnv('TARGET_START_S', 60),
    progress: (line) => console.log(line),
  });
  const lines: [string, string][] = [
    [`${stack.target.name} through the edge proxy`, stack.urls.page],
    [`${stack.target.name} behind nginx tuned for SSE`, `${stack.urls.nginx}${stack.target.page}`],
    [`${stack.target.name} behind nginx left at its defaults`, `${stack.urls.bufferingNginx}${stack.target.page}`],
    ['the app without proxy', stack.urls.app],
    ['Toxiproxy API', stack.urls.toxiproxy],
    ['stop it with', `make down TARGET=${file}`],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 1;
  for (const [label, value] of lines) console.log(`    ${`${label}:`.padEnd(width)} ${value}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  const known = error instanceof TargetFileError || error instanceof TargetStartError;
  console.error(known ? error.message : error);
  process.exit(known ? 2 : 1);
});
