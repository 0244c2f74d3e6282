import { test as base } from '@playwright/test';
import { launchEngine, type Engine, type EngineName, type Profile, type Tab } from './engines';
import { ENGINE_ANNOTATION } from './support/engine-annotation';

export type EngineWorkerFixtures = {
  engineName: EngineName;
  engine: Engine;
};
export type EngineTestFixtures = {
  /** A fresh browser profile of the project's engine (own connection pool), closed after the test. */
  profile: Profile;
  /** A tab in `profile`; a screenshot of it is attached when the test fails. */
  tab: Tab;
};

/**
 * The browser alone, for specs that bring their own stack (a target's): the project's engine, a
 * profile and a tab per test. fixtures.ts adds the lab's stacks, faults and recorders on top.
 */
export const test = base.extend<EngineTestFixtures, EngineWorkerFixtures>({
  // Set per project (playwright.config.ts): which engine this run of the specs drives.
  engineName: ['chromium', { scope: 'worker', option: true }],

  engine: [
    async ({ engineName }, use) => {
      const engine = await launchEngine(engineName);
      await use(engine);
      await engine.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  profile: async ({ engine }, use, testInfo) => {
    testInfo.annotations.push({ type: ENGINE_ANNOTATION, description: engine.description });
    const profile = await engine.newProfile();
    await use(profile);
    await profile.close();
  },

  tab: async ({ profile }, use, testInfo) => {
    const tab = await profile.newTab();
    await use(tab);
    if (testInfo.status === testInfo.expectedStatus || tab.isClosed()) return;
    const shot = await tab.screenshot().catch(() => undefined);
    if (shot) await testInfo.attach('tab at the end', { body: shot, contentType: 'image/png' });
  },
});

export { expect } from '@playwright/test';
