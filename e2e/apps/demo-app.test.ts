import { describe, expect, it } from 'vitest';
import { urls } from '../lab-settings';
import { FINDING_ENTRIES } from '../support/finding-catalogue';
import type { Stack } from '../support/stack';
import { APP_CAPABILITIES, type AppCapability } from './app-under-test';
import { demoApp } from './demo-app';

const stack: Stack = {
  urls: urls(),
  compose: { file: 'compose.prod.yaml', service: 'app', cwd: '/lab' },
  composeArgs: (...args) => ['compose', ...args],
};

describe('the demo as an app under test', () => {
  const app = demoApp(stack);

  it('should be the white-box app, on the edge, with every capability', () => {
    expect(app).toMatchObject({ name: 'demo', view: 'white-box', streamUrl: `${stack.urls.edge}/api/stream` });
    expect(app.pageUrl.startsWith(stack.urls.edge)).toBe(true);
    for (const capability of Object.keys(APP_CAPABILITIES) as AppCapability[])
      expect(app.lacks(capability), capability).toBeUndefined();
  });

  it('should provide what every finding needs: each is judged on the lab’s own app', () => {
    for (const { id, needs = [] } of FINDING_ENTRIES)
      for (const capability of needs) expect(app.lacks(capability), `${id} needs ${capability}`).toBeUndefined();
  });
});
