import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lab-settings';

const LIB = join(REPO_ROOT, 'infra/bootstrap/lib.sh');

/** Runs the bootstrap's `debian_mirror` against the given apt source files. */
function mirrorFrom(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'apt-sources-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return spawnSync('bash', ['-c', `. "${LIB}"; debian_mirror`], {
    env: { ...process.env, APT_SOURCES: `${dir}/*` },
    encoding: 'utf8',
  });
}

describe('bootstrap: debian_mirror', () => {
  it('should read the mirror of a deb822 source', () => {
    const result = mirrorFrom({
      'debian.sources': 'Types: deb\nURIs: http://mirror.example.test/debian\nSuites: bookworm\nComponents: main\n',
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('http://mirror.example.test/debian');
  });

  it('should read a one-line source with options', () => {
    const result = mirrorFrom({
      'sources.list': 'deb [signed-by=/k.gpg] https://apt.example.test/debian bookworm main\n',
    });
    expect(result.stdout.trim()).toBe('https://apt.example.test/debian');
  });

  it('should fail with a message naming the files read when no source has a Debian mirror', () => {
    const result = mirrorFrom({ 'other.list': 'deb http://example.test/ubuntu jammy main\n' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no Debian mirror in the apt sources .*apt-sources-/);
  });

  it('should name no mirror host of its own', () => {
    const text = execFileSync('cat', [LIB], { encoding: 'utf8' });
    expect(text).not.toMatch(/https?:\/\/[a-z0-9.-]+\.(org|com|net)\b/);
  });
});
