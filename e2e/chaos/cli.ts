import { resolve } from 'node:path';
import { isUnresponsive, ToxiproxyAdmin } from '@sse-lab/test-support';
import { applyBackendFault } from './compose-faults';
import { applyReplicaFault } from './replica-faults';
import { listFaults, resolveFault } from './resolve';
import { applyToxiproxyFault, describeActive } from './toxiproxy-faults';
import { describeRecovery } from './toxiproxy-recovery';

/**
 * `make chaos [FAULT=name] [TARGET=edge|upstream|redis] [param=value…]`: lists the faults, or validates
 * and applies one, then prints what is active. Nothing is applied when any argument is wrong.
 */
async function main(argv: string[]): Promise<void> {
  const vars = Object.fromEntries(argv.map((arg) => arg.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const { FAULT, TARGET, ...rest } = vars;
  if (!FAULT) {
    console.log(`Faults (make chaos FAULT=<name> [TARGET=edge|upstream|redis] [param=value]):\n${listFaults()}`);
    return;
  }
  const params = Object.fromEntries(Object.entries(rest).filter(([key]) => !/^[A-Z_]+$/.test(key)));
  const request = resolveFault(FAULT, TARGET || undefined, params);
  const admin = new ToxiproxyAdmin(process.env.TOXIPROXY_URL ?? 'http://127.0.0.1:8474');
  if (request.fault.kind === 'replicas') {
    const file = process.env.COMPOSE_FILE_PATH ?? 'compose.scale.yaml';
    const started = Date.now();
    await applyReplicaFault({ file, cwd: resolve(__dirname, '../..') }, request, (line) => console.log(line));
    console.log(`${request.fault.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  if (request.fault.kind === 'backend') {
    const file = process.env.COMPOSE_FILE_PATH ?? 'compose.prod.yaml';
    await applyBackendFault(
      { file, service: process.env.APP_SERVICE ?? 'app', cwd: resolve(__dirname, '../..') },
      request,
      (line) => console.log(line),
    );
  } else {
    const recovery = await applyToxiproxyFault(admin, request);
    console.log(
      recovery
        ? describeRecovery(admin, recovery)
        : `applied ${request.fault.name}${request.target ? ` on ${request.target}` : ''} ${JSON.stringify(request.params)}`,
    );
  }
  console.log('now active:');
  for (const line of await describeActive(admin)) console.log(`  ${line}`);
}

main(process.argv.slice(2)).then(
  // A fetch that timed out may leave its socket open: do not wait for it.
  () => process.exit(0),
  (error: Error) => {
    const hint = isUnresponsive(error) ? '; "make chaos FAULT=clear" restarts a Toxiproxy that does not answer' : '';
    console.error(`chaos: ${error.message}${hint}`);
    process.exit(2);
  },
);
