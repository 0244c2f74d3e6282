/**
 * What the finding specs need from a browser, whichever drives it: Playwright for Chromium and
 * Firefox, W3C WebDriver for WebKitGTK. One finding's code runs in every engine through these.
 */
export const ENGINE_NAMES = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** What a driver may lack; a case needing one records `not applicable` with the reason. */
export type Capability = 'offline' | 'crash-tab' | 'request-events';

export interface Tab {
  /** How long reading the page's state may take before the page counts as not answering (a stalled document). */
  readonly readTimeoutMs: number;
  /** Loads `url` and waits for the document (not for the stream: `waitFor` that). */
  goto(url: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Runs a self-contained function in the page; its argument and result travel as JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Polls `predicate` in the page until it returns true, or fails after `timeoutMs`. */
  waitFor<A>(predicate: (arg: A) => boolean, arg: A, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
  isClosed(): boolean;
  screenshot(): Promise<Buffer>;
  /** Kills the tab's renderer (capability `crash-tab`). */
  crash(): Promise<void>;
  /** Calls `listener` with the URL of every request the tab makes (capability `request-events`). */
  onRequest(listener: (url: string) => void): void;
}

/** A browser profile: tabs share its connection pool, storage and locks. */
export interface Profile {
  newTab(): Promise<Tab>;
  /** Takes the profile off the network and back (capability `offline`). */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface ProfileOptions {
  /** Trusts the lab's self-signed certificate (the HTTP/2 edge). */
  ignoreHTTPSErrors?: boolean;
}

export interface Engine {
  readonly name: EngineName;
  /** Product and version, and how it is driven: the provenance of this engine's rows. */
  readonly description: string;
  /** Why the engine cannot do `capability` here, or undefined when it can. */
  lacks(capability: Capability): string | undefined;
  newProfile(options?: ProfileOptions): Promise<Profile>;
  close(): Promise<void>;
}

export class EngineLacksError extends Error {
  constructor(engine: EngineName, capability: Capability, reason: string) {
    super(`${engine} cannot ${capability}: ${reason}`);
    this.name = 'EngineLacksError';
  }
}
