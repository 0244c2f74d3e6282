import type { DockerComposeEnvironment, Wait } from 'testcontainers';

/**
 * nginx has no healthcheck in the stacks (a probe is a container exec, about 0.1 CPU-second each,
 * for as long as the stack runs): at start-up the suite asks once, until nginx's pid answers.
 */
const NGINX_STARTED = 'kill -0 "$(cat /run/nginx.pid 2>/dev/null || cat /var/run/nginx.pid)"';

/**
 * Waits for each of the stack's nginx containers (compose names, e.g. `nginx-1`) by its pid, for
 * every other container by its health. `wait` is testcontainers' own, imported by the caller once
 * its environment is set.
 */
export function withStackWaits(
  environment: DockerComposeEnvironment,
  wait: typeof Wait,
  nginxContainers: string[],
): DockerComposeEnvironment {
  let waiting = environment.withDefaultWaitStrategy(wait.forHealthCheck());
  for (const name of nginxContainers)
    waiting = waiting.withWaitStrategy(name, wait.forSuccessfulCommand(NGINX_STARTED));
  return waiting;
}
