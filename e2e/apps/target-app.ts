import { appInstances } from '../target/instances';
import type { Target } from '../target/target-file';
import type { TargetStack } from '../target/target-stack';
import { MissingCapability, type AppCapability, type AppUnderTest } from './app-under-test';
import { connectionCounter } from './app-sockets';

/** Why a team's app, seen from outside, lacks each capability (undefined: it has it). */
export function targetLacks(
  target: Pick<Target, 'replicas' | 'file'>,
): (capability: AppCapability) => string | undefined {
  const reasons: Record<AppCapability, string | undefined> = {
    'page-state':
      "its page is seen through the observer the lab adds to its HTML (its EventSource's events), not through its client's own counters",
    metrics: 'it is read from outside (its wire and its sockets), not from metrics of its own',
    settings: `it runs with its own "env" (${target.file})`,
    replicas:
      target.replicas === undefined
        ? 'needs several instances: give "replicas" (2 to 4) in the target file'
        : undefined,
    'dev-server': "a target runs its production build; the Vite dev server is the demo's",
  };
  return (capability) => reasons[capability];
}

/** A team's app under the target mode: the black-box app. */
export function targetApp(stack: TargetStack): AppUnderTest {
  const { target } = stack;
  const lacks = targetLacks(target);
  return {
    name: target.name,
    view: 'black-box',
    pageUrl: stack.urls.page,
    streamUrl: `${stack.urls.edge}${target.stream ?? ''}`,
    lacks,
    connectionCounter: async () =>
      connectionCounter(
        (await appInstances(stack)).map(({ container }) => container),
        target.port,
      ),
    runWith: async (settings) => {
      if (Object.keys(settings).length === 0) return false;
      throw new MissingCapability(target.name, 'settings', lacks('settings')!);
    },
  };
}
