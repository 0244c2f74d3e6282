import { describe, expect, it } from 'vitest';
import type { Target } from '../target/target-file';
import { describeTargetStack } from '../target/target-stack';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingCapability } from './app-under-test';
import { targetApp, targetLacks } from './target-app';

const target: Target = {
  name: 'dashboard',
  file: '/team/sse/target.json',
  image: 'dashboard:1.4',
  port: 8080,
  page: '/live',
  stream: '/api/events',
  env: {},
  expect: [],
};

describe('a team’s app as an app under test', () => {
  it('should lack what only the demo shows, each with its reason, and replicas unless the file gives them', () => {
    const lacks = targetLacks(target);
    expect(lacks('page-state')).toMatch(/observer/);
    expect(lacks('metrics')).toMatch(/from outside/);
    expect(lacks('settings')).toMatch(/its own "env" \(\/team\/sse\/target.json\)/);
    expect(lacks('dev-server')).toMatch(/production build/);
    expect(lacks('replicas')).toMatch(/"replicas"/);
    expect(targetLacks({ ...target, replicas: 2 })('replicas')).toBeUndefined();
  });

  it('should be the black-box app on its page and stream through the edge, run with its own settings only', async () => {
    const stack = describeTargetStack(target, { stateDir: mkdtempSync(join(tmpdir(), 'target-app-')) });
    const app = targetApp(stack);
    expect(app).toMatchObject({
      name: 'dashboard',
      view: 'black-box',
      pageUrl: 'http://127.0.0.1:8080/live',
      streamUrl: 'http://127.0.0.1:8080/api/events',
    });
    await expect(app.runWith({})).resolves.toBe(false);
    await expect(app.runWith({ HEARTBEAT_MS: '5000' })).rejects.toThrow(MissingCapability);
    await expect(app.runWith({ HEARTBEAT_MS: '5000' })).rejects.toThrow(/dashboard cannot provide settings/);
  });
});
