import type { Target } from '../target-file';
import { verdictsOf, type Verdict } from './verdict';

/** The findings a single-instance production build cannot show, each with what it would need. */
export function notApplicable(target: Pick<Target, 'replicas'>): Verdict[] {
  const verdicts = [
    verdictsOf('F3', 'prod').notApplicable("a target runs its production build; the Vite dev server is the demo's"),
  ];
  if (target.replicas === undefined) {
    verdicts.push(
      verdictsOf('F12', 'prod').notApplicable('needs several instances: give "replicas" in the target file'),
      verdictsOf('F13', 'prod').notApplicable('needs several instances: give "replicas" in the target file'),
    );
  }
  return verdicts;
}
