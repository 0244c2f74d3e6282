import { spawn, type ChildProcess } from 'node:child_process';
import WebDriver, { type Client } from 'webdriver';
import { freePort, waitUntil } from '@sse-lab/test-support';
import { EngineLacksError, type Capability, type Engine, type Profile, type ProfileOptions, type Tab } from './engine';
import { webkitPaths, type WebKitPaths } from './installed-browsers';
import { startXvfb, type XDisplay } from './xvfb';

type SessionCapabilities = Parameters<typeof WebDriver.newSession>[0]['capabilities'];

const LACKS: Record<Capability, string> = {
  offline: 'W3C WebDriver has no network emulation (no setOffline)',
  'crash-tab': 'W3C WebDriver has no command that kills a renderer',
  'request-events': 'classic W3C WebDriver reports no network requests',
};

/** The longest a script may run in a page (a fetch that is given up inside the page, a long poll). */
const SCRIPT_TIMEOUT_MS = 180_000;

/**
 * How long a new session may take: WebKitWebDriver starts MiniBrowser and connects to it. A
 * session that never came (a WebKit run's F9, on a loaded machine) held the test until its timeout.
 */
const SESSION_START_MS = 30_000;

class SessionStartTimeout extends Error {}

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SessionStartTimeout(`WebKitWebDriver did not give ${what} within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** One command at a time per session: a command goes to the window selected last. */
class SessionLock {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(body: () => Promise<T>): Promise<T> {
    const next = this.last.then(body, body);
    this.last = next.catch(() => undefined);
    return next;
  }
}

class WebDriverTab implements Tab {
  private closed = false;
  /** A profile's commands queue behind each other (one window at a time): a read may wait for the others. */
  readonly readTimeoutMs = 30_000;

  constructor(
    private readonly profile: WebDriverProfile,
    readonly handle: string,
  ) {}

  async goto(url: string, { timeoutMs = 30_000 } = {}): Promise<void> {
    // The session loads pages without waiting (pageLoadStrategy none), so that a tab whose page
    // cannot load does not hold the session: wait here for a new document at that URL. The mark
    // tells the new document from the old one when both have the same URL.
    await this.evaluate(() => ((window as unknown as { __leaving?: boolean }).__leaving = true)).catch(() => undefined);
    await this.profile.inWindow(this, (client) => client.navigateTo(url));
    await waitUntil(
      () =>
        this.evaluate(
          (expected) =>
            !(window as unknown as { __leaving?: boolean }).__leaving &&
            document.readyState === 'complete' &&
            document.URL === expected,
          new URL(url).href,
        ).catch(() => false),
      timeoutMs,
      `WebKit: ${url} did not load`,
      100,
    );
  }

  async evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // W3C Execute Script waits for a returned promise and reports a thrown error as its own.
    const result = await this.profile.inWindow(this, (client) =>
      client.executeScript(`return (${fn.toString()})(arguments[0]);`, [arg ?? null]),
    );
    return result as R;
  }

  async waitFor<A>(predicate: (arg: A) => boolean, arg: A, timeoutMs: number): Promise<void> {
    await waitUntil(
      () => this.evaluate(predicate, arg),
      timeoutMs,
      `WebKit: ${predicate.toString().slice(0, 120)} still false`,
      100,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.profile.closeTab(this);
  }

  isClosed(): boolean {
    return this.closed || this.profile.isClosed();
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.profile.inWindow(this, (client) => client.takeScreenshot()), 'base64');
  }

  async crash(): Promise<void> {
    throw new EngineLacksError('webkit', 'crash-tab', LACKS['crash-tab']);
  }

  onRequest(): void {
    throw new EngineLacksError('webkit', 'request-events', LACKS['request-events']);
  }
}

/** A profile is a WebKitWebDriver of its own (one session per driver) and its MiniBrowser; a tab is a window. */
class WebDriverProfile implements Profile {
  private readonly lock = new SessionLock();
  private readonly open = new Set<WebDriverTab>();
  private initialWindow: string | undefined;
  private current: string | undefined;
  private closed = false;

  private constructor(
    private readonly driver: ChildProcess,
    private readonly client: Client,
  ) {}

  static async start(
    paths: WebKitPaths,
    display: string,
    options: ProfileOptions,
  ): Promise<{ profile: WebDriverProfile; version: string }> {
    const port = await freePort();
    let log = '';
    const driver = spawn(paths.driver, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: display },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
    driver.stdout!.on('data', keep);
    driver.stderr!.on('data', keep);
    try {
      await waitUntil(
        () =>
          fetch(`http://127.0.0.1:${port}/status`).then(
            (res) => res.ok,
            () => false,
          ),
        10_000,
        `WebKitWebDriver (${paths.driver}) did not answer on port ${port}`,
        50,
      );
      const client = await within(
        SESSION_START_MS,
        'a new session',
        WebDriver.newSession({
          hostname: '127.0.0.1',
          port,
          logLevel: 'silent',
          connectionRetryCount: 0,
          capabilities: {
            browserName: 'MiniBrowser',
            pageLoadStrategy: 'none',
            acceptInsecureCerts: options.ignoreHTTPSErrors === true,
            'webkitgtk:browserOptions': { binary: paths.miniBrowser, args: ['--automation'] },
            // Classic WebDriver: WebKitGTK's driver offers no BiDi, which the client asks for by default.
            'wdio:enforceWebDriverClassic': true,
          } as SessionCapabilities,
        }),
      );
      await client.setTimeouts(0, 60_000, SCRIPT_TIMEOUT_MS);
      const profile = new WebDriverProfile(driver, client);
      profile.initialWindow = await client.getWindowHandle();
      profile.current = profile.initialWindow;
      return { profile, version: String(client.capabilities.browserVersion ?? 'unknown') };
    } catch (error) {
      driver.kill('SIGKILL');
      const message = `WebKit: could not start a session: ${(error as Error).message}\n${log.trim()}`;
      throw error instanceof SessionStartTimeout ? new SessionStartTimeout(message) : new Error(message);
    }
  }

  inWindow<T>(tab: WebDriverTab, command: (client: Client) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      // Switching costs WebKitWebDriver 100-200 ms, even to the window already selected.
      if (this.current !== tab.handle) await this.client.switchToWindow(tab.handle);
      this.current = tab.handle;
      return command(this.client);
    });
  }

  async newTab(): Promise<Tab> {
    const handle = this.initialWindow ?? (await this.lock.run(() => this.client.createWindow('window'))).handle;
    this.initialWindow = undefined;
    const tab = new WebDriverTab(this, handle);
    this.open.add(tab);
    return tab;
  }

  async closeTab(tab: WebDriverTab): Promise<void> {
    this.open.delete(tab);
    // Closing a session's last window ends the session: leave that one on a blank page.
    if (this.open.size === 0) await this.inWindow(tab, (client) => client.navigateTo('about:blank'));
    else
      await this.inWindow(tab, async (client) => {
        await client.closeWindow();
        this.current = undefined;
      });
  }

  isClosed(): boolean {
    return this.closed;
  }

  async setOffline(): Promise<void> {
    throw new EngineLacksError('webkit', 'offline', LACKS.offline);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock.run(() => this.client.deleteSession()).catch(() => undefined);
    this.driver.kill('SIGTERM');
  }
}

/** WebKitGTK (WebCore's EventSource, the code Safari runs, over libsoup) through W3C WebDriver under Xvfb. */
export class WebKitEngine implements Engine {
  readonly name = 'webkit' as const;
  private readonly profiles = new Set<WebDriverProfile>();

  private constructor(
    readonly description: string,
    private readonly paths: WebKitPaths,
    private readonly x: XDisplay,
  ) {}

  static async launch(): Promise<WebKitEngine> {
    const paths = webkitPaths();
    const x = await startXvfb(paths.xvfb);
    try {
      const { profile, version } = await WebDriverProfile.start(paths, x.display, {});
      await profile.close();
      return new WebKitEngine(`WebKitGTK ${version} (MiniBrowser, WebKitWebDriver, W3C WebDriver)`, paths, x);
    } catch (error) {
      x.stop();
      throw error;
    }
  }

  lacks(capability: Capability): string | undefined {
    return LACKS[capability];
  }

  /** A session that did not start within its bound is tried once more, with a new driver. */
  async newProfile(options: ProfileOptions = {}): Promise<Profile> {
    const { profile } = await WebDriverProfile.start(this.paths, this.x.display, options).catch((error: Error) => {
      if (!(error instanceof SessionStartTimeout)) throw error;
      console.warn(`${error.message}; starting another driver`);
      return WebDriverProfile.start(this.paths, this.x.display, options);
    });
    this.profiles.add(profile);
    return profile;
  }

  async close(): Promise<void> {
    await Promise.all([...this.profiles].map((profile) => profile.close()));
    this.x.stop();
  }
}
