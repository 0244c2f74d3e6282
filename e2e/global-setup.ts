import type { FullConfig } from '@playwright/test';
import { COMPOSE_FILES, COMPOSE_PROJECT, imagesEnv, LAB, PORTS, REPO_ROOT, urls } from './lab-settings';

/**
 * Brings the stack up once per run (not in a worker fixture: Playwright discards a worker after
 * a failed test, which would rebuild the stack). With LAB_BASE_URL set, uses that stack instead.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | void> {
  if (process.env.LAB_BASE_URL) {
    console.log(`[e2e] using the running stack at ${process.env.LAB_BASE_URL}`);
    return;
  }
  // No reaper image can be pulled here; the suite tears the stack down itself.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const { DockerComposeEnvironment, Wait } = await import('testcontainers');

  const environment = {
    ...imagesEnv(),
    ...Object.fromEntries(Object.entries({ ...LAB, ...PORTS }).map(([key, value]) => [key, String(value)])),
    TOXIPROXY_POPULATE: 'populate.e2e.json',
    NGINX_CONF: 'tuned',
  };
  const started = Date.now();
  console.log(`[e2e] building and starting the stack (project ${COMPOSE_PROJECT}, heartbeat ${LAB.HEARTBEAT_MS} ms, retry ${LAB.RETRY_MS} ms)`);
  const stack = await new DockerComposeEnvironment(REPO_ROOT, COMPOSE_FILES)
    .withProjectName(COMPOSE_PROJECT)
    .withProfiles('nginx')
    .withEnvironment(environment)
    .withBuild()
    .withDefaultWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(180_000)
    .up();
  for (const [key, value] of Object.entries(environment)) process.env[key] = value;
  const { edge } = urls();
  console.log(`[e2e] stack healthy in ${((Date.now() - started) / 1000).toFixed(1)} s at ${edge}`);
  return async () => {
    console.log('[e2e] tearing the stack down');
    await stack.down({ removeVolumes: true });
  };
}
