import { describe, expect, it } from 'vitest';
import { replayCommand, soakSettings, SoakSettingsError } from './soak-settings';

describe('soakSettings', () => {
  it('defaults to 600 s on the scaled topology, Chromium and Firefox, 6 Node clients, and a drawn seed', () => {
    const settings = soakSettings({});
    expect(settings).toMatchObject({
      durationS: 600,
      topology: 'scale',
      browsers: ['chromium', 'firefox'],
      nodeClients: 6,
      seedDrawn: true,
    });
    expect(Number.isSafeInteger(settings.seed)).toBe(true);
  });

  it('takes what it is given', () => {
    expect(
      soakSettings({ SOAK_S: '180', SEED: '1', TOPOLOGY: 'nginx', SOAK_BROWSERS: 'none', SOAK_NODE_CLIENTS: '3' }),
    ).toEqual({ durationS: 180, seed: 1, seedDrawn: false, topology: 'nginx', browsers: [], nodeClients: 3 });
  });

  it.each([
    [{ SOAK_S: '10' }, 'SOAK_S="10": expected an integer from 30 to 86400'],
    [{ SOAK_S: '3m' }, 'SOAK_S="3m"'],
    [{ SEED: '-1' }, 'SEED="-1"'],
    [{ SEED: '4294967296' }, 'SEED="4294967296"'],
    [{ TOPOLOGY: 'dev' }, 'TOPOLOGY="dev": expected one of prod, nginx, scale'],
    [{ SOAK_BROWSERS: 'safari' }, 'SOAK_BROWSERS="safari"'],
    [{ SOAK_NODE_CLIENTS: '0' }, 'SOAK_NODE_CLIENTS="0"'],
  ])('stops on %j, naming the variable', (env, message) => {
    expect(() => soakSettings(env)).toThrow(SoakSettingsError);
    expect(() => soakSettings(env)).toThrow(message);
  });

  it('prints a command that gives the same settings again', () => {
    const settings = soakSettings({ SOAK_S: '240', TOPOLOGY: 'prod', SOAK_BROWSERS: 'firefox' });
    const env = Object.fromEntries(
      replayCommand(settings)
        .split(' ')
        .slice(2)
        .map((pair) => pair.split('=') as [string, string]),
    );
    expect(soakSettings(env)).toEqual({ ...settings, seedDrawn: false });
  });
});
