import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = join(__dirname, '../..');

/** infra/beside.sh with a background and a foreground command, from the repository's root. */
const beside = (background: string, ...foreground: string[]) =>
  spawnSync('bash', ['infra/beside.sh', `beside test ${process.pid}`, background, '--', ...foreground], {
    cwd: REPO,
    encoding: 'utf8',
  });

describe('infra/beside.sh', () => {
  afterAll(() => rmSync(join(REPO, '.lab', `beside-beside-test-${process.pid}.log`), { force: true }));

  it('should run both, the background one at the same time, and show its output after', () => {
    // The background waits for a file the foreground writes: they must overlap to finish.
    const flag = join(REPO, '.lab', `beside-flag-${process.pid}`);
    const run = beside(
      `for i in $(seq 100); do [ -f ${flag} ] && break; sleep 0.05; done; [ -f ${flag} ] && echo saw the flag; rm -f ${flag}`,
      'bash',
      '-c',
      `touch ${flag}; echo foreground done`,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/foreground done[\s\S]*exit 0[\s\S]*\| saw the flag/);
  });

  it("should fail with the background's status, naming it, when the background fails", () => {
    const run = beside('echo broken image; exit 3', 'true');
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('| broken image');
    expect(run.stderr).toMatch(/beside test \d+ failed \(exit 3\)/);
  });

  it("should fail with the foreground's status when only it fails", () => {
    expect(beside('true', 'bash', '-c', 'exit 4').status).toBe(4);
  });

  it('should say how it is used when there is no foreground command', () => {
    const run = beside('true');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: beside.sh/);
  });
});
