import { afterEach, describe, expect, it } from 'vitest';
import { appSettingsInEffect, recordAppSettings, runAppWith, sameSettings } from './app-settings';
import type { Stack } from './stack';

const project = `sse-lab-app-settings-test-${process.pid}`;

/** A stack whose every compose call fails the test: a run that needs no recreation makes none. */
const untouchable = {
  compose: { file: 'compose.prod.yaml', service: 'app', cwd: '.', project },
  composeArgs: () => {
    throw new Error('the app was recreated');
  },
} as unknown as Stack;

describe('the settings the app runs with', () => {
  afterEach(() => recordAppSettings(undefined, project));

  it('should compare settings by their variables, not their order, an unknown record matching nothing', () => {
    expect(sameSettings({ TICK_MS: '0', RETRY_MS: '500' }, { RETRY_MS: '500', TICK_MS: '0' })).toBe(true);
    expect(sameSettings({}, {})).toBe(true);
    expect(sameSettings({ TICK_MS: '0' }, {})).toBe(false);
    expect(sameSettings({}, { TICK_MS: '0' })).toBe(false);
    expect(sameSettings({ TICK_MS: '0' }, { TICK_MS: '1000' })).toBe(false);
    expect(sameSettings(undefined, {})).toBe(false);
  });

  it('should read back what was written down, per compose project, and nothing once forgotten', () => {
    expect(appSettingsInEffect(project)).toBeUndefined();
    recordAppSettings({ TICK_MS: '0' }, project);
    expect(appSettingsInEffect(project)).toEqual({ TICK_MS: '0' });
    expect(appSettingsInEffect(`${project}-other`)).toBeUndefined();
    recordAppSettings(undefined, project);
    expect(appSettingsInEffect(project)).toBeUndefined();
  });

  it('should leave an app that runs with the settings asked for as it is', async () => {
    recordAppSettings({ TICK_MS: '0' }, project);
    await expect(runAppWith(untouchable, { TICK_MS: '0' })).resolves.toBe(false);
    recordAppSettings({}, project);
    await expect(runAppWith(untouchable, {})).resolves.toBe(false);
  });

  it('should recreate an app that runs with other settings, or with settings no one knows', async () => {
    recordAppSettings({ TICK_MS: '0' }, project);
    await expect(runAppWith(untouchable, {})).rejects.toThrow('the app was recreated');
    // The failed recreation leaves them unknown: the next test recreates the app again.
    expect(appSettingsInEffect(project)).toBeUndefined();
    await expect(runAppWith(untouchable, {})).rejects.toThrow('the app was recreated');
  });
});
