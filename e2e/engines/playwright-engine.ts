import { chromium, firefox, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  EngineLacksError,
  type Capability,
  type Engine,
  type EngineName,
  type Profile,
  type ProfileOptions,
  type Tab,
} from './engine';
import {
  checkFirefoxPairing,
  chromiumLaunchOptions,
  firefoxLaunch,
  playwrightVersion,
  versionOf,
} from './installed-browsers';

class PlaywrightTab implements Tab {
  readonly readTimeoutMs = 3000;

  constructor(
    private readonly engine: PlaywrightEngine,
    private readonly page: Page,
  ) {}

  async goto(url: string, { timeoutMs = 30_000 } = {}): Promise<void> {
    await this.page.goto(url, { timeout: timeoutMs });
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown);
  }

  async waitFor<A>(predicate: (arg: A) => boolean, arg: A, timeoutMs: number): Promise<void> {
    await this.page.waitForFunction(predicate as (arg: unknown) => boolean, arg as unknown, { timeout: timeoutMs });
  }

  close(): Promise<void> {
    return this.page.close();
  }

  isClosed(): boolean {
    return this.page.isClosed();
  }

  screenshot(): Promise<Buffer> {
    return this.page.screenshot();
  }

  async crash(): Promise<void> {
    this.engine.assertCan('crash-tab');
    const session = await this.page.context().newCDPSession(this.page);
    // The renderer dies before it can answer.
    void session.send('Page.crash').catch(() => undefined);
  }

  onRequest(listener: (url: string) => void): void {
    this.page.on('request', (request) => listener(request.url()));
  }
}

class PlaywrightProfile implements Profile {
  constructor(
    private readonly engine: PlaywrightEngine,
    private readonly context: BrowserContext,
  ) {}

  async newTab(): Promise<Tab> {
    return new PlaywrightTab(this.engine, await this.context.newPage());
  }

  setOffline(offline: boolean): Promise<void> {
    return this.context.setOffline(offline);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Chromium over CDP, or a stock Firefox over WebDriver BiDi, both through Playwright. */
export class PlaywrightEngine implements Engine {
  private constructor(
    readonly name: Extract<EngineName, 'chromium' | 'firefox'>,
    readonly description: string,
    private readonly browser: Browser,
  ) {}

  static async launch(name: 'chromium' | 'firefox'): Promise<PlaywrightEngine> {
    if (name === 'chromium') {
      const browser = await chromium.launch(chromiumLaunchOptions());
      return new PlaywrightEngine(
        name,
        `Chromium ${browser.version()} (Playwright ${playwrightVersion()}, CDP)`,
        browser,
      );
    }
    const { channel, executablePath, source } = firefoxLaunch();
    if (channel) checkFirefoxPairing(playwrightVersion(), versionOf(executablePath!));
    const browser = await firefox.launch({ channel, executablePath, headless: true });
    const protocol = channel ? 'WebDriver BiDi' : 'Juggler';
    return new PlaywrightEngine(
      name,
      `Firefox ${browser.version()} (${source}, Playwright ${playwrightVersion()}, ${protocol})`,
      browser,
    );
  }

  lacks(capability: Capability): string | undefined {
    if (capability === 'crash-tab' && this.name !== 'chromium')
      return 'only Chromium has a protocol command that kills a renderer (CDP Page.crash)';
    return undefined;
  }

  assertCan(capability: Capability): void {
    const reason = this.lacks(capability);
    if (reason) throw new EngineLacksError(this.name, capability, reason);
  }

  async newProfile(options: ProfileOptions = {}): Promise<Profile> {
    return new PlaywrightProfile(this, await this.browser.newContext({ ignoreHTTPSErrors: options.ignoreHTTPSErrors }));
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}
