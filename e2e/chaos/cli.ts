import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isUnresponsive, ToxiproxyAdmin } from '@sse-lab/test-support';
import { loadTarget } from '../target/target-file';
import { killInstance, rollingRestart } from '../target/instances';
import { describeTargetStack, type TargetStack } from '../target/target-stack';
import { applyBackendFault, type ComposeTarget } from './compose-faults';
import { TARGETS } from './fault';
import { applyReplicaFault } from './replica-faults';
import { FaultError, listFaults, resolveFault, type FaultRequest } from './resolve';
import { applyToxiproxyFault, describeActive } from './toxiproxy-faults';
import { describeRecovery } from './toxiproxy-recovery';

const USAGE = 'make chaos FAULT=<name> [PROXY=edge|upstream|redis] [TARGET=path/to/target.json] [param=value]';
const REPO_ROOT = resolve(__dirname, '../..');

/** Where the faults land: the demo's stack, or the stack `make up TARGET=…` started. */
function stackOf(targetFile: string | undefined): { toxiproxy: string; app: ComposeTarget; target?: TargetStack } {
  // make passes TARGET as an absolute path: TARGET=edge arrives as <repo>/edge.
  const proxy = targetFile && basename(targetFile);
  if (targetFile && proxy && (TARGETS as readonly string[]).includes(proxy) && !existsSync(targetFile)) {
    throw new FaultError(`TARGET=${proxy} names a target file now; the proxy a fault acts on is PROXY=${proxy}`);
  }
  if (!targetFile) {
    return {
      toxiproxy: process.env.TOXIPROXY_URL ?? 'http://127.0.0.1:8474',
      app: {
        file: process.env.COMPOSE_FILE_PATH ?? 'compose.prod.yaml',
        service: process.env.APP_SERVICE ?? 'app',
        cwd: REPO_ROOT,
      },
    };
  }
  const stack = describeTargetStack(loadTarget(targetFile));
  const [first, ...extraFiles] = stack.composeFiles;
  return {
    toxiproxy: stack.urls.toxiproxy,
    app: { file: first!, extraFiles, project: stack.project, env: stack.env, service: 'app', cwd: REPO_ROOT },
    target: stack,
  };
}

/** rolling-deploy and kill-replica on a target's instances (its file's `replicas`). */
async function applyTargetReplicaFault(stack: TargetStack, { fault, params }: FaultRequest): Promise<void> {
  if (stack.target.replicas === undefined)
    throw new FaultError(
      `fault "${fault.name}" needs several instances: give "replicas" in ${stack.target.file} (or run it on make up-scale)`,
    );
  const progress = (line: string) => console.log(line);
  const started = Date.now();
  const steps =
    fault.kind === 'replicas' && fault.action === 'kill'
      ? [await killInstance(stack, params.replicaNumber!, params.downSeconds!, progress)]
      : await rollingRestart(stack, progress);
  for (const { name, restartMs } of steps)
    console.log(`  ${name} serving again after ${(restartMs / 1000).toFixed(1)} s`);
  console.log(`${fault.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * `make chaos [FAULT=name] [PROXY=edge|upstream|redis] [TARGET=target.json] [param=value…]`: lists the
 * faults, or validates and applies one, then prints what is active. Nothing is applied when any argument is wrong.
 */
async function main(argv: string[]): Promise<void> {
  const vars = Object.fromEntries(argv.map((arg) => arg.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const { FAULT, PROXY, TARGET, ...rest } = vars;
  if (!FAULT) {
    console.log(`Faults (${USAGE}):\n${listFaults()}`);
    return;
  }
  const params = Object.fromEntries(Object.entries(rest).filter(([key]) => !/^[A-Z_]+$/.test(key)));
  const request = resolveFault(FAULT, PROXY || undefined, params);
  const stack = stackOf(TARGET || undefined);
  const admin = new ToxiproxyAdmin(stack.toxiproxy);
  if (request.fault.kind === 'replicas' && stack.target) {
    await applyTargetReplicaFault(stack.target, request);
    return;
  }
  if (request.fault.kind === 'replicas') {
    const file = process.env.COMPOSE_FILE_PATH ?? 'compose.scale.yaml';
    const started = Date.now();
    await applyReplicaFault({ file, cwd: REPO_ROOT }, request, (line) => console.log(line));
    console.log(`${request.fault.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  if (request.fault.kind === 'backend') {
    await applyBackendFault(stack.app, request, (line) => console.log(line));
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
