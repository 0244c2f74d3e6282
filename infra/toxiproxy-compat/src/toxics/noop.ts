import type { ToxicType } from './toxic';

/** Passes data through: useful to exercise the API. */
export const noop: ToxicType<Record<string, never>> = {
  type: 'noop',
  defaults: {},
};
