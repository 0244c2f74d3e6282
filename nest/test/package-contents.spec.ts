import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  exports: Record<string, { types: string; default: string }>;
};

/** What `npm pack` would put in the tarball (the test script builds dist first). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: PACKAGE_DIR,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map(({ path }) => path);
}

/** The optional peers, each needed by one subpath only. */
const OPTIONAL_PEERS: Record<string, string> = {
  ioredis: 'redis',
  'prom-client': 'prometheus',
  '@nestjs/terminus': 'terminus',
};

describe('the packed @sse-lab/nest', () => {
  const files = packedFiles();

  it('should hold every entry point its exports name, its README, and no sources or tests', () => {
    for (const [entry, { types, default: code }] of Object.entries(manifest.exports)) {
      expect(files, `${entry} types`).toContain(types.replace(/^\.\//, ''));
      expect(files, `${entry} code`).toContain(code.replace(/^\.\//, ''));
    }
    expect(files).toContain('README.md');
    expect(
      files.filter((file) => file.startsWith('src/') || /\.spec\./.test(file) || file.startsWith('test/')),
    ).toEqual([]);
  });

  it('should require an optional peer only from its own subpath, so the core runs without them', () => {
    for (const file of files.filter((path) => path.endsWith('.js'))) {
      const code = readFileSync(join(PACKAGE_DIR, file), 'utf8');
      for (const [peer, subpath] of Object.entries(OPTIONAL_PEERS)) {
        if (code.includes(`require("${peer}")`))
          expect(file, `${file} requires ${peer}`).toMatch(new RegExp(`^dist/${subpath}/`));
      }
    }
    expect(existsSync(join(PACKAGE_DIR, 'dist/index.js'))).toBe(true);
  });
});
