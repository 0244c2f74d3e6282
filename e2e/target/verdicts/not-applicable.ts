import type { AppUnderTest } from '../../apps/app-under-test';
import { FINDING_ENTRIES, type FindingId } from '../../support/finding-catalogue';
import { verdictsOf, type Verdict } from './verdict';

/**
 * The findings `app` cannot show: each that needs a capability the app lacks (the catalogue's
 * `needs`), with the app's own reason.
 */
export function notApplicable(app: Pick<AppUnderTest, 'lacks'>): Verdict[] {
  return FINDING_ENTRIES.flatMap(({ id, needs = [] }) => {
    const why = needs.map((capability) => app.lacks(capability)).find((reason) => reason !== undefined);
    return why === undefined ? [] : [verdictsOf(id as FindingId, 'prod').notApplicable(why)];
  });
}
