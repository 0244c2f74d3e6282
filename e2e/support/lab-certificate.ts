import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_CERTIFICATE, REPO_ROOT } from '../lab-settings';

/**
 * Makes the workers' own requests (a target's page through a platform on TLS) trust the lab's
 * self-signed certificate: NODE_EXTRA_CA_CERTS, read by each worker as it starts, names a bundle
 * of the certificates it named already (a machine's own authorities) and the lab's. Called by
 * global setup, after the certificate is made and before any worker starts.
 */
export function trustLabCertificate(
  env: NodeJS.ProcessEnv = process.env,
  { certificate = LAB_CERTIFICATE, bundle = join(REPO_ROOT, '.lab', 'extra-ca-certificates.pem') } = {},
): string {
  // What the machine named before the first call, remembered for the next ones (a second run in the process).
  const machine = env.SSE_LAB_MACHINE_CA_CERTS ?? env.NODE_EXTRA_CA_CERTS ?? '';
  env.SSE_LAB_MACHINE_CA_CERTS = machine;
  const kept = machine && machine !== bundle && existsSync(machine) ? readFileSync(machine, 'utf8') : '';
  mkdirSync(join(bundle, '..'), { recursive: true });
  writeFileSync(bundle, `${kept.trimEnd()}\n${readFileSync(certificate, 'utf8')}`.trimStart());
  env.NODE_EXTRA_CA_CERTS = bundle;
  return bundle;
}
