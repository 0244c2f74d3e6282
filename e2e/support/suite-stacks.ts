/**
 * Which stacks one run of the suite brings up (E2E_STACKS): `all` (the default), `suite` (the
 * lab's stacks, for a run without the platform rows) or `platform` (none: the platform rows start
 * a stack of their own per profile): a sharded CI runs the platform rows on a runner of their own.
 */
export type SuiteStacks = 'all' | 'suite' | 'platform';

export function suiteStacks(value: string | undefined = process.env.E2E_STACKS): SuiteStacks {
  if (value === undefined || value === '') return 'all';
  if (value === 'all' || value === 'suite' || value === 'platform') return value;
  throw new Error(
    `E2E_STACKS="${value}": expected all, suite (the lab's stacks, no platform rows) or platform (the platform rows alone)`,
  );
}
