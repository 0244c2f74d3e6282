import type { AppSettings } from '../support/app-settings';

/**
 * What an app under test may provide beyond its page and its stream. The demo provides them all
 * (the white-box app); a team's app in the target mode only what any app shows from outside (the
 * black-box app). A finding that needs a capability the app lacks gets a `not applicable` row
 * with the app's reason, as a finding that needs what an engine's driver lacks does.
 */
export const APP_CAPABILITIES = {
  'page-state': "the page's own account of its stream: the client's counters, the ids it kept, its state",
  metrics: "the server's gauges and counters, by the stream contract's metric names",
  settings: 'settings a test runs the app with (heartbeat, retry:, limits)',
  replicas: 'several instances behind a load balancer',
  'dev-server': 'its dev server (Vite) in front of it',
} as const;
export type AppCapability = keyof typeof APP_CAPABILITIES;

export interface AppUnderTest {
  readonly name: string;
  /** White-box: the lab sees inside it; black-box: only what its page, its wire and its sockets show. */
  readonly view: 'white-box' | 'black-box';
  /** Its page and its stream through the edge (the Toxiproxy every fault goes through). */
  readonly pageUrl: string;
  readonly streamUrl: string;
  /** Why the app cannot provide `capability`, or undefined when it can. */
  lacks(capability: AppCapability): string | undefined;
  /**
   * A counter of the connections to the app's port, every instance's, read from its containers'
   * network namespaces; their processes are looked up once, when it is made (again after a restart).
   */
  connectionCounter(): Promise<() => Promise<number>>;
  /** Runs the app with `settings` (`{}`: its own), recreated only where they differ; true when it was (capability `settings`). */
  runWith(settings: AppSettings): Promise<boolean>;
}

/** Thrown where a capability the app lacks is used: the reason is the app's. */
export class MissingCapability extends Error {
  constructor(app: string, capability: AppCapability, why: string) {
    super(`${app} cannot provide ${capability} (${APP_CAPABILITIES[capability]}): ${why}`);
  }
}
