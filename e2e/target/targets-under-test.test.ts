import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TARGET_PORTS, portsOfSlot } from './target-stack';
import { PLATFORM_TARGET_PORTS } from '../lab-settings';
import { EXAMPLE_TARGETS, targetWorkers } from './targets-under-test';

describe('TARGET_WORKERS', () => {
  it('defaults to 3 and takes 1 to 8', () => {
    expect(targetWorkers(undefined)).toBe(3);
    expect(targetWorkers('1')).toBe(1);
    expect(targetWorkers('8')).toBe(8);
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['0', '9', '1.5', 'two'])
      expect(() => targetWorkers(bad)).toThrow(new RegExp(`^TARGET_WORKERS="${bad}"`));
  });
});

describe('the targets run side by side (targets.config.ts)', () => {
  it('give each target × engine a project of its own: its slot, its engine, its own tests', async () => {
    vi.stubEnv('BROWSERS', 'chromium,firefox');
    vi.stubEnv('LAB_TARGET', '');
    const { default: config } = await import('../targets.config');
    vi.unstubAllEnvs();
    const projects = config.projects!.map(({ name, metadata, grep, grepInvert }) => ({
      name,
      slot: (metadata as { stackSlot: number }).stackSlot,
      ownTests: [grep]
        .flat()
        .every((pattern) => pattern!.test(`verdicts on ${name!.split('-').slice(0, -1).join('-')} x`)),
      otherTests: [grep].flat().some((pattern) => pattern!.test('verdicts on spike-2 x')),
      serverTests: !grepInvert || ![grepInvert].flat().some((pattern) => pattern!.test('spike @server @target: F6')),
    }));
    expect(projects).toEqual([
      { name: 'spike-chromium', slot: 0, ownTests: true, otherTests: false, serverTests: true },
      { name: 'spike-firefox', slot: 1, ownTests: true, otherTests: false, serverTests: false },
      { name: 'plain-node-chromium', slot: 2, ownTests: true, otherTests: false, serverTests: true },
      { name: 'plain-node-firefox', slot: 3, ownTests: true, otherTests: false, serverTests: false },
      { name: 'demo-chromium', slot: 4, ownTests: true, otherTests: false, serverTests: true },
      { name: 'demo-firefox', slot: 5, ownTests: true, otherTests: false, serverTests: false },
      { name: 'demo-native-chromium', slot: 6, ownTests: true, otherTests: false, serverTests: true },
      { name: 'demo-native-firefox', slot: 7, ownTests: true, otherTests: false, serverTests: false },
      { name: 'nest-app-chromium', slot: 8, ownTests: true, otherTests: false, serverTests: true },
      { name: 'nest-app-firefox', slot: 9, ownTests: true, otherTests: false, serverTests: false },
      { name: 'demo-replicas-chromium', slot: 10, ownTests: true, otherTests: false, serverTests: true },
      { name: 'demo-replicas-firefox', slot: 11, ownTests: true, otherTests: false, serverTests: false },
    ]);
  });

  it('put the stacks of different slots on ports no other slot uses, nor the target behind a platform', () => {
    // Every example in each of the three engines.
    const slots = [...Array(EXAMPLE_TARGETS.length * 3).keys()];
    const ports = slots.flatMap((slot) => Object.values(portsOfSlot(DEFAULT_TARGET_PORTS, slot)));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of Object.values(PLATFORM_TARGET_PORTS)) expect(ports).not.toContain(port);
    expect(portsOfSlot(DEFAULT_TARGET_PORTS, 0)).toEqual(DEFAULT_TARGET_PORTS);
  });
});
