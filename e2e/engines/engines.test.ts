import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchEngine, selectedEngines, type Capability, type Engine } from '.';
import { checkFirefoxPairing, firefoxMajor } from './installed-browsers';

describe('selectedEngines', () => {
  it('should run the three engines by default, and the ones BROWSERS names otherwise', () => {
    expect(selectedEngines(undefined)).toEqual(['chromium', 'firefox', 'webkit']);
    expect(selectedEngines(' Chromium ,webkit,chromium')).toEqual(['chromium', 'webkit']);
  });

  it('should refuse an engine it does not know, naming BROWSERS', () => {
    expect(() => selectedEngines('chromium,safari')).toThrow(/BROWSERS="chromium,safari".*unknown: safari/);
    expect(() => selectedEngines(',')).toThrow(/BROWSERS/);
  });
});

describe('checkFirefoxPairing', () => {
  it('should accept the measured pair, and a newer Firefox with it', () => {
    expect(() => checkFirefoxPairing('1.64.1', 'Mozilla Firefox 153.8.0esr')).not.toThrow();
    expect(() => checkFirefoxPairing('1.64.0', 'Mozilla Firefox 159.0')).not.toThrow();
  });

  it('should stop a Playwright that drifted from the Firefox, saying what to align', () => {
    expect(() => checkFirefoxPairing('1.65.1', 'Mozilla Firefox 153.8.0esr')).toThrow(
      /Playwright 1\.65\.1 with Mozilla Firefox 153\.8\.0esr.*"@playwright\/test": "1\.64\.x"/,
    );
    expect(() => checkFirefoxPairing('1.64.1', 'Mozilla Firefox 140.2.0esr')).toThrow(/Firefox 153 or newer/);
  });

  it('should read the major version of a Firefox', () => {
    expect(firefoxMajor('Mozilla Firefox 153.8.0esr')).toBe(153);
    expect(firefoxMajor('nonsense')).toBeUndefined();
  });
});

/** A page and a stream on loopback: what every engine must drive the same way. */
function startSite(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let id = 0;
      const timer = setInterval(() => res.write(`id: ${++id}\ndata: tick\n\n`), 50);
      req.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<!doctype html><title>site</title><script>window.seen = 0; new EventSource("/stream").onmessage = () => window.seen++;</script>',
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The engines BROWSERS selects (all three by default), as the suite would drive them.
describe.each(selectedEngines())('the %s engine', (name) => {
  let engine: Engine;
  let site: http.Server;
  let base: string;

  beforeAll(async () => {
    site = await startSite();
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    engine = await launchEngine(name);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    site.closeAllConnections();
    site.close();
  });

  it('should say which product, version and driver it is', () => {
    expect(engine.description).toMatch(
      { chromium: /^Chromium \d+/, firefox: /^Firefox \d+/, webkit: /^WebKitGTK \d+\.\d+/ }[name],
    );
  });

  it(
    'should load a page, stream in it, and hand back what a function computes there from its argument',
    { timeout: 60_000 },
    async () => {
      const profile = await engine.newProfile();
      try {
        const tab = await profile.newTab();
        await tab.goto(base);
        await tab.waitFor((n) => (window as unknown as { seen: number }).seen >= n, 3, 10_000);
        expect(await tab.evaluate((arg) => ({ doubled: arg.n * 2, title: document.title }), { n: 21 })).toEqual({
          doubled: 42,
          title: 'site',
        });
        expect(await tab.evaluate(() => new Promise((resolve) => setTimeout(() => resolve('later'), 50)))).toBe(
          'later',
        );
        await expect(
          tab.evaluate(() => {
            throw new Error('thrown in the page');
          }),
        ).rejects.toThrow(/thrown in the page/);
        await expect(tab.waitFor(() => false, undefined, 300)).rejects.toThrow();
        expect((await tab.screenshot()).subarray(1, 4).toString()).toBe('PNG');
      } finally {
        await profile.close();
      }
    },
  );

  it(
    "should keep the tabs of a profile apart from another profile's, and close one tab without the others",
    { timeout: 60_000 },
    async () => {
      const [first, second] = [await engine.newProfile(), await engine.newProfile()];
      try {
        const [a, b, other] = [await first.newTab(), await first.newTab(), await second.newTab()];
        for (const tab of [a, b, other]) await tab.goto(base);
        await a.evaluate(() => localStorage.setItem('who', 'first'));
        expect(await b.evaluate(() => localStorage.getItem('who'))).toBe('first');
        expect(await other.evaluate(() => localStorage.getItem('who'))).toBeNull();
        await a.close();
        expect(a.isClosed()).toBe(true);
        expect(await b.evaluate(() => document.title)).toBe('site');
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    },
  );

  it('should say what it cannot do, and refuse it by name', { timeout: 60_000 }, async () => {
    const lacks: Capability[] = {
      chromium: [],
      firefox: ['crash-tab'],
      webkit: ['offline', 'crash-tab', 'request-events'],
    }[name] as Capability[];
    expect(
      (['offline', 'crash-tab', 'request-events'] as const).filter((capability) => engine.lacks(capability)),
    ).toEqual(lacks);
    if (lacks.includes('offline')) {
      const profile = await engine.newProfile();
      try {
        await expect(profile.setOffline(true)).rejects.toThrow(new RegExp(`${name} cannot offline`));
      } finally {
        await profile.close();
      }
    }
  });
});
