import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { imagesEnv } from '../lab-settings';
import { countByName, drawSchedule } from './schedule';
import { soakCatalogue } from './soak-catalogue';
import { figureLines } from './soak-report';
import { withSoakSection } from './soak-html';
import { SoakRun } from './soak-run';
import { replayCommand, soakSettings, SoakSettingsError } from './soak-settings';
import { composeArgs, soakStack, type SoakStack } from './soak-stack';

const run = promisify(execFile);
const REPORT_DIR = join(__dirname, '..', 'report');
const log = (line: string) => console.log(`[soak] ${line}`);
/** Known once the settings are read: printed again if the run breaks. */
let replay: string | undefined;

async function compose(stack: SoakStack, ...args: string[]): Promise<void> {
  await run('docker', [...composeArgs(stack), ...args], {
    cwd: stack.cwd,
    env: { ...process.env, ...stack.env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `make soak`: a seeded schedule of overlapping faults against one stack of its own, checked throughout. */
async function main(): Promise<number> {
  const settings = soakSettings();
  const command = replayCommand(settings);
  replay = command;
  log(
    `seed ${settings.seed}${settings.seedDrawn ? ' (drawn for this run; SEED= sets it)' : ''}; this run again: ${command}`,
  );
  const stack = soakStack(settings.topology, imagesEnv());
  const schedule = drawSchedule(settings.seed, settings.durationS * 1000, soakCatalogue(stack));
  const kinds = Object.entries(countByName(schedule))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  log(
    `${settings.topology} topology (fault points: ${[...stack.proxies, ...stack.apps.map((app) => app.service)].join(', ')}); ${schedule.length} faults drawn: ${kinds}`,
  );
  log(`starting the stack (${stack.project}) at ${stack.edgeUrl}`);
  const started = Date.now();
  await compose(stack, 'down', '-v', '--remove-orphans');
  try {
    await compose(stack, 'up', '--build', '--wait', '--quiet-pull');
    log(`stack healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { report } = await new SoakRun(settings, stack, log).run();
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(join(REPORT_DIR, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
    const findings = join(REPORT_DIR, 'findings.html');
    const html = existsSync(findings)
      ? withSoakSection(readFileSync(findings, 'utf8'), report)
      : withSoakSection(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSE Parity Lab — soak</title></head><body>\n</body></html>\n',
          report,
        );
    writeFileSync(existsSync(findings) ? findings : join(REPORT_DIR, 'soak.html'), html);
    for (const line of figureLines(report)) log(line);
    log(
      `figures: e2e/report/soak.json; section and timeline: e2e/report/${existsSync(findings) ? 'findings' : 'soak'}.html`,
    );
    if (report.status === 'failed') {
      log(`FAILED with ${report.violations.length} violation(s); replay: ${command}`);
      return 1;
    }
    log(`passed: ${report.faults.applied} faults, ${report.eventsChecked} events checked, 0 violations`);
    return 0;
  } finally {
    if (process.env.SOAK_KEEP_STACK === '1')
      log(`stack left running (SOAK_KEEP_STACK=1): docker ${composeArgs(stack).join(' ')} down -v`);
    else
      await compose(stack, 'down', '-v', '--remove-orphans').catch((error: Error) =>
        log(`could not stop the stack: ${error.message}`),
      );
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof SoakSettingsError) console.error(`soak: ${error.message}`);
    else console.error(`soak: ${error.stack ?? error.message}${replay ? `\nreplay: ${replay}` : ''}`);
    process.exit(2);
  },
);
