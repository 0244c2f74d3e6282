import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TARGET_PORTS, portsOfSlot } from './target-stack';
import { targetWorkers } from './targets-under-test';

describe('TARGET_WORKERS', () => {
  it('defaults to 2 and takes 1 to 8', () => {
    expect(targetWorkers(undefined)).toBe(2);
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
    ]);
  });

  it('put the stacks of different slots on ports no other slot uses', () => {
    const ports = [0, 1, 2, 3, 4, 5].flatMap((slot) => Object.values(portsOfSlot(DEFAULT_TARGET_PORTS, slot)));
    expect(new Set(ports).size).toBe(ports.length);
    expect(portsOfSlot(DEFAULT_TARGET_PORTS, 0)).toEqual(DEFAULT_TARGET_PORTS);
  });
});
