import { loadTarget, TargetFileError } from './target-file';
import { startTarget, stopTarget, TargetStartError } from './target-lifecycle';
import { describeTargetStack } from './target-stack';

const USAGE = 'usage: tsx target/cli.ts up|down <target.json>';

/** TARGET_START_S: how long the page may take to answer once the containers run. */
function startTimeoutMs(): number {
  const raw = process.env.TARGET_START_S;
  if (raw === undefined || raw === '') return 60_000;
  if (!/^[1-9][0-9]*$/.test(raw))
    throw new TargetFileError(`TARGET_START_S="${raw}": expected whole seconds, e.g. 120`);
  return Number(raw) * 1000;
}

async function main([command, file]: string[]): Promise<void> {
  if (!file || (command !== 'up' && command !== 'down')) throw new TargetFileError(USAGE);
  const stack = describeTargetStack(loadTarget(file));
  if (command === 'down') {
    console.log(`==> stopping ${stack.target.name} (${stack.project})`);
    await stopTarget(stack);
    return;
  }
  await startTarget(stack, { startTimeoutMs: startTimeoutMs(), progress: (line) => console.log(line) });
  console.log(`    ${stack.target.name} through the edge proxy: ${stack.urls.page}`);
  console.log(`    the app without proxy:     ${stack.urls.app}`);
  console.log(`    Toxiproxy API:             ${stack.urls.toxiproxy}`);
  console.log(`    stop it with:              make down TARGET=${file}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  const known = error instanceof TargetFileError || error instanceof TargetStartError;
  console.error(known ? error.message : error);
  process.exit(known ? 2 : 1);
});
