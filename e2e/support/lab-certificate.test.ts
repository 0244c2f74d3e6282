import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustLabCertificate } from './lab-certificate';

describe('trustLabCertificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-ca-'));
  const certificate = join(dir, 'lab.crt');
  const bundle = join(dir, 'bundle.pem');
  writeFileSync(certificate, '-----LAB-----\n');

  it("should keep the machine's own extra authorities beside the lab's certificate", () => {
    const machine = join(dir, 'machine.pem');
    writeFileSync(machine, '-----MACHINE-----\n');
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: machine };
    trustLabCertificate(env, { certificate, bundle });
    expect(env.NODE_EXTRA_CA_CERTS).toBe(bundle);
    expect(readFileSync(bundle, 'utf8')).toBe('-----MACHINE-----\n-----LAB-----\n');
    // Again (a second run in the same process): the lab's certificate once.
    trustLabCertificate(env, { certificate, bundle });
    expect(readFileSync(bundle, 'utf8')).toBe('-----MACHINE-----\n-----LAB-----\n');
  });

  it("should name the lab's certificate alone where nothing was named", () => {
    const env: NodeJS.ProcessEnv = {};
    trustLabCertificate(env, { certificate, bundle });
    expect(readFileSync(bundle, 'utf8')).toBe('-----LAB-----\n');
  });
});
