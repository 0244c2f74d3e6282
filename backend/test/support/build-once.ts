import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The process-level tests (SIGTERM, config errors) run the compiled app, as production does. */
export default function buildOnce(): void {
  const root = resolve(__dirname, '../..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
