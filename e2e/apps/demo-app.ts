import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../lab-settings';
import { runAppWith } from '../support/app-settings';
import { dashboardUrl } from '../support/lab-page';
import { Metrics } from '../support/metrics';
import type { Stack } from '../support/stack';
import type { AppUnderTest } from './app-under-test';
import { connectionCounter } from './app-sockets';

const run = promisify(execFile);

/** The port the demo's app listens on in its container. */
const DEMO_PORT = 3000;

/** The lab's own app, the white-box one: its page's `window.__sseLab`, its metrics, its settings. */
export interface DemoApp extends AppUnderTest {
  readonly metrics: Metrics;
}

/**
 * The demo on a lab stack. It provides every capability: its page reports its stream's state, its
 * server its metrics, the suite runs it with other settings, the scaled stacks run it as replicas
 * and the dev stack behind Vite's dev server.
 */
export function demoApp(stack: Stack): DemoApp {
  return {
    name: 'demo',
    view: 'white-box',
    pageUrl: dashboardUrl(stack.urls.edge, 'lab'),
    streamUrl: `${stack.urls.edge}/api/stream`,
    lacks: () => undefined,
    connectionCounter: async () => {
      const { stdout } = await run('docker', stack.composeArgs('ps', '-q', 'app'), { cwd: REPO_ROOT });
      return connectionCounter(stdout.split('\n').filter(Boolean), DEMO_PORT);
    },
    runWith: (settings) => runAppWith(stack, settings),
    metrics: new Metrics(stack.urls.app),
  };
}
