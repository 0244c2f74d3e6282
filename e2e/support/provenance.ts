import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ToxiproxyAdmin } from '@sse-lab/test-support';

const run = promisify(execFile);

/** What produced a run's evidence: the components and versions, and the stack's settings. */
export interface Provenance {
  commit: string;
  toxiproxy: string;
  nginx: string;
  /** Each engine that ran, with its version and driver (from the tests' annotations). */
  engines: Record<string, string>;
  appNode: string;
  vite: string;
  settings: Record<string, string | number>;
}

export const PROVENANCE_FILE = 'provenance.json';

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
const orUnknown = async (read: () => Promise<string>): Promise<string> =>
  read().then(firstLine, (error: Error) => `unknown (${firstLine(error.message)})`);

/** The label infra/bootstrap puts on the Toxiproxy image it builds from the release source. */
export const SOURCE_LABEL = 'sse-lab.source-sha256';

/**
 * Toxiproxy's identity: the version its API reports, and where the image came from (built here
 * from the release source, whose checksum the image carries, or pulled).
 */
export function describeToxiproxy(image: string, version: string, sourceSha256: string): string {
  return sourceSha256
    ? `Toxiproxy ${version} built from its release source (sha256 ${sourceSha256.slice(0, 12)}, image ${image})`
    : `Toxiproxy ${version} (pulled image ${image})`;
}

export interface ProvenanceSources {
  repoRoot: string;
  composeArgs: string[];
  toxiproxyUrl: string;
  toxiproxyImage: string;
  settings: Record<string, string | number>;
}

/** Asks each component of the stack for its version (the engines are added by the reporter); a component that does not answer is recorded as unknown, with why. */
export async function collectProvenance(sources: ProvenanceSources): Promise<Provenance> {
  const { repoRoot, composeArgs } = sources;
  const inService = (service: string, ...command: string[]) =>
    run('docker', [...composeArgs, 'exec', '-T', service, ...command], { cwd: repoRoot });
  const [commit, toxiproxyVersion, toxiproxySource, nginx, appNode] = await Promise.all([
    orUnknown(async () => (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })).stdout),
    orUnknown(() => new ToxiproxyAdmin(sources.toxiproxyUrl).version()),
    run('docker', [
      'image',
      'inspect',
      '-f',
      `{{ index .Config.Labels "${SOURCE_LABEL}" }}`,
      sources.toxiproxyImage,
    ]).then(
      ({ stdout }) => stdout.trim().replace('<no value>', ''),
      () => '',
    ),
    orUnknown(async () => {
      const { stdout, stderr } = await inService('nginx', 'nginx', '-v');
      return (stderr || stdout).replace('nginx version: ', '');
    }),
    orUnknown(async () => (await inService('app', 'node', '--version')).stdout),
  ]);
  const vitePackage = join(repoRoot, 'node_modules/vite/package.json');
  const vite = existsSync(vitePackage)
    ? `vite ${(JSON.parse(readFileSync(vitePackage, 'utf8')) as { version: string }).version}`
    : 'unknown';
  return {
    commit,
    toxiproxy: describeToxiproxy(sources.toxiproxyImage, toxiproxyVersion, toxiproxySource),
    nginx,
    engines: {},
    appNode,
    vite,
    settings: sources.settings,
  };
}
