import type { ComposeTarget } from '../chaos/compose-faults';
import type { urls } from '../lab-settings';

/** A lab stack a spec runs against: where it answers, and how docker compose names it. */
export interface Stack {
  urls: ReturnType<typeof urls>;
  compose: ComposeTarget;
  /** `docker compose` with the stack's project and files. */
  composeArgs(...args: string[]): string[];
}
