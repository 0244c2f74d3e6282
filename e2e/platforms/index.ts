import { alb } from './alb';
import { azure } from './azure';
import { cloudRun } from './cloud-run';
import { cloudflare } from './cloudflare';
import { gcpLb } from './gcp-lb';
import { heroku } from './heroku';
import type { PlatformProfile } from './platform';
import { render } from './render';

export type { PlatformLimits, PlatformProfile, RecommendedSettings } from './platform';
export { DASHBOARD_DEFAULTS } from './platform';

/** Every platform profile, one file each. */
export const PLATFORMS: readonly PlatformProfile[] = [heroku, gcpLb, cloudRun, alb, cloudflare, azure, render];

/** The profile named `name`, or an error that lists the valid names. */
export function platformNamed(name: string): PlatformProfile {
  const profile = PLATFORMS.find((candidate) => candidate.name === name);
  if (!profile)
    throw new Error(`PLATFORM="${name}": expected one of ${PLATFORMS.map((candidate) => candidate.name).join(', ')}`);
  return profile;
}
