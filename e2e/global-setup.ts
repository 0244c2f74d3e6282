import type { FullConfig } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recordAppSettings } from './support/app-settings';
import { trustLabCertificate } from './support/lab-certificate';
import { collectProvenance, PROVENANCE_FILE } from './support/provenance';
import { stopPlatform } from './support/platform-run';
import { withStackWaits } from './support/stack-waits';
import { suiteStacks } from './support/suite-stacks';
import {
  asEnv,
  COMPOSE_FILES,
  COMPOSE_PROJECT,
  DEV_COMPOSE_FILE,
  DEV_COMPOSE_PROJECT,
  devStackEnv,
  EVENT_LOGS,
  imagesEnv,
  LAB,
  PORTS,
  REPO_ROOT,
  SCALE_COMPOSE_FILE,
  scaleProject,
  scaleStackEnv,
  scaleUrls,
  urls,
} from './lab-settings';

const run = promisify(execFile);

/**
 * Brings the stacks up once per run (not in a worker fixture: Playwright discards a worker after
 * a failed test, which would rebuild them): the production topology with its proxies, the
 * development topology (Vite dev proxy) for F3, and the scaled topology twice, on the Redis log
 * and on per-process logs, for F12-F13. With LAB_BASE_URL set, uses running stacks instead; with
 * E2E_STACKS=platform, none (the platform rows bring their own).
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | void> {
  const stacks = suiteStacks();
  // The platforms on TLS serve the lab's certificate; the workers trust it.
  await run('bash', [join(REPO_ROOT, 'infra/nginx/make-cert.sh')]);
  trustLabCertificate();
  if (stacks === 'platform') {
    // Each profile's stack runs the app's image as it is (compose up --no-build): a run of the
    // platform rows alone, on a runner of its own or beside the suite, builds it first.
    console.log('[e2e] the platform rows alone: building the app image; each profile starts a stack of its own');
    await run('docker', ['compose', '-f', COMPOSE_FILES[0]!, 'build', '--quiet', 'app'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...imagesEnv() },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stopPlatform;
  }
  const reportDir = join(__dirname, 'report');
  rmSync(join(reportDir, PROVENANCE_FILE), { force: true });
  // Unknown until the stack is up as this setup starts it: a stack left by another run may run with anything.
  recordAppSettings(undefined);
  if (process.env.LAB_BASE_URL) {
    console.log(`[e2e] using the running stack at ${process.env.LAB_BASE_URL}`);
    return;
  }
  // No reaper image can be pulled here; the suite tears the stacks down itself.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const { DockerComposeEnvironment, Wait } = await import('testcontainers');

  const prodEnv = {
    ...imagesEnv(),
    ...asEnv(LAB),
    ...asEnv(PORTS),
    TOXIPROXY_POPULATE: 'populate.e2e.json',
    NGINX_CONF: 'tuned',
  };
  const devEnv = { ...imagesEnv(), ...devStackEnv('off') };
  const started = Date.now();
  console.log(
    `[e2e] building and starting the stacks (${COMPOSE_PROJECT}, ${DEV_COMPOSE_PROJECT}; heartbeat ${LAB.HEARTBEAT_MS} ms, retry ${LAB.RETRY_MS} ms)`,
  );
  const [prod, dev] = await Promise.all([
    withStackWaits(
      new DockerComposeEnvironment(REPO_ROOT, COMPOSE_FILES)
        .withProjectName(COMPOSE_PROJECT)
        .withProfiles('nginx')
        .withEnvironment(prodEnv)
        .withBuild(),
      Wait,
      ['nginx-1', 'nginx-naive-1', 'nginx-h2-1', 'nginx-idle-1'],
    )
      .withStartupTimeout(240_000)
      .up(),
    new DockerComposeEnvironment(REPO_ROOT, [DEV_COMPOSE_FILE])
      .withProjectName(DEV_COMPOSE_PROJECT)
      .withEnvironment(devEnv)
      .withDefaultWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(240_000)
      .up(),
  ]);
  // The replicas run the image the production stack just built.
  const scaled = await Promise.all(
    EVENT_LOGS.map((log) =>
      withStackWaits(
        new DockerComposeEnvironment(REPO_ROOT, [SCALE_COMPOSE_FILE])
          .withProjectName(scaleProject(log))
          .withEnvironment({ ...imagesEnv(), ...scaleStackEnv(log) }),
        Wait,
        ['nginx-1'],
      )
        .withStartupTimeout(240_000)
        .up(),
    ),
  );
  for (const [key, value] of Object.entries(prodEnv)) process.env[key] = value;
  recordAppSettings({});
  console.log(
    `[e2e] stacks healthy in ${((Date.now() - started) / 1000).toFixed(1)} s: ${urls().edge} (prod), ${urls().vite} (dev), ${EVENT_LOGS.map((log) => `${scaleUrls(log).edge} (scale, ${log} log)`).join(', ')}`,
  );
  const provenance = await collectProvenance({
    repoRoot: REPO_ROOT,
    composeArgs: ['compose', '-p', COMPOSE_PROJECT, ...COMPOSE_FILES.flatMap((file) => ['-f', file])],
    toxiproxyUrl: urls().toxiproxy,
    toxiproxyImage: imagesEnv().TOXIPROXY_IMAGE ?? 'ghcr.io/shopify/toxiproxy:2.12.0',
    settings: LAB,
  });
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, PROVENANCE_FILE), JSON.stringify(provenance, null, 2));
  console.log(`[e2e] ${provenance.toxiproxy}; nginx ${provenance.nginx}; app on Node ${provenance.appNode}`);
  return async () => {
    console.log('[e2e] tearing the stacks down');
    // F15's platform stack too, should its spec have ended before its own teardown ran (not where
    // another run beside this one has it).
    await Promise.all([
      ...[prod, dev, ...scaled].map((stack) => stack.down({ removeVolumes: true })),
      ...(stacks === 'all' ? [stopPlatform()] : []),
    ]);
  };
}
