import { findingNamed, type FindingId } from '../../support/finding-catalogue';
import type { Target } from '../target-file';
import { verdictsOf, type Verdict } from './verdict';

/** Why a target gets no verdict on a finding, as the catalogue says. */
function reasonFor(id: FindingId): string {
  const { target } = findingNamed(id);
  if (!('notApplicable' in target)) throw new Error(`${id} has a target verdict in the catalogue: it is applicable`);
  return target.notApplicable;
}

/** The findings a single-instance production build cannot show, each with what it would need. */
export function notApplicable(target: Pick<Target, 'replicas'>): Verdict[] {
  const verdicts = [verdictsOf('F3', 'prod').notApplicable(reasonFor('F3'))];
  if (target.replicas === undefined) {
    verdicts.push(
      verdictsOf('F12', 'prod').notApplicable(reasonFor('F12')),
      verdictsOf('F13', 'prod').notApplicable(reasonFor('F13')),
    );
  }
  return verdicts;
}
