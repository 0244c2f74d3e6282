import { FINDINGS, type FindingEntry } from '../../support/finding-catalogue';
import type { Target } from '../target-file';
import { verdictsOf, type Verdict } from './verdict';

/** Why `target` gets no verdict on a finding, as the catalogue says, or undefined when it gets one. */
function reasonFor({ id, target: verdict }: FindingEntry, target: Pick<Target, 'replicas'>): string | undefined {
  if ('notApplicable' in verdict) return verdict.notApplicable;
  if ('judge' in verdict && verdict.withoutReplicas && target.replicas === undefined) return verdict.withoutReplicas;
  return undefined;
}

/** The findings `target` cannot show (the dev server; several instances where it runs one), each with what it would need. */
export function notApplicable(target: Pick<Target, 'replicas'>): Verdict[] {
  return FINDINGS.flatMap((finding) => {
    const why = reasonFor(finding, target);
    return why === undefined ? [] : [verdictsOf(finding.id, 'prod').notApplicable(why)];
  });
}
