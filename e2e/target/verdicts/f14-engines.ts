import type { FindingId, Topology } from '../../support/findings';
import { verdictsOf, type Verdict, type VerdictOutcome } from './verdict';

/** A verdict from the page, as the report has it: which finding, where, in which engine. */
export interface EngineVerdict {
  id: FindingId;
  topology: Topology;
  engine: string;
  outcome: VerdictOutcome;
}

const ADVICE =
  'do not lean on what one engine does by itself: send `retry:`, rebuild the EventSource after CLOSED and after a silence, and check the page in every engine';

/**
 * F14: do the page's verdicts agree across the engines of the run? Two engines or more are
 * needed; a finding inconclusive in an engine is left out of the comparison, never counted as agreeing.
 */
export function judgeEngines(verdicts: EngineVerdict[]): Verdict {
  const verdict = verdictsOf('F14', 'prod');
  const engines = [...new Set(verdicts.map(({ engine }) => engine))];
  if (engines.length < 2) {
    return verdict.inconclusive(
      `F14 compares engines, and this run's page verdicts come from ${engines.length === 0 ? 'none' : `${engines[0]} alone`}: run BROWSERS=chromium,firefox,webkit`,
      { engines: engines.join(' ') },
    );
  }
  const byFinding = new Map<string, Map<string, VerdictOutcome>>();
  for (const { id, topology, engine, outcome } of verdicts) {
    if (outcome === 'inconclusive' || outcome === 'not applicable') continue;
    const key = `${id} (${topology})`;
    byFinding.set(key, (byFinding.get(key) ?? new Map()).set(engine, outcome));
  }
  const compared = [...byFinding.entries()].filter(([, outcomes]) => outcomes.size >= 2);
  const differing = compared.filter(([, outcomes]) => new Set(outcomes.values()).size > 1);
  const measured = { engines: engines.join(' '), compared: compared.length, differing: differing.length };
  if (compared.length === 0) {
    return verdict.inconclusive('no finding was judged in two engines: nothing to compare', measured);
  }
  if (differing.length > 0) {
    const said = differing.map(([finding, outcomes]) => {
      const split = new Map<VerdictOutcome, string[]>();
      for (const [engine, outcome] of outcomes) split.set(outcome, [...(split.get(outcome) ?? []), engine]);
      return `${finding} ${[...split.entries()].map(([outcome, names]) => `${outcome} in ${names.join(', ')}`).join(', ')}`;
    });
    return verdict.reproduced({ why: `the engines disagree: ${said.join('; ')}`, advice: ADVICE, measured });
  }
  return verdict.mitigated({
    why: `the page's ${compared.length} verdicts judged in two engines or more agree in ${engines.join(', ')}`,
    measured,
  });
}
