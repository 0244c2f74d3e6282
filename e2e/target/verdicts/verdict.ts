import type { FindingId, Topology } from '../../support/findings';

/**
 * A black-box verdict on a team's app. `mitigated` is given only on an observation of the app
 * surviving the fault; what could not be observed is `inconclusive`, with the reason.
 */
export const VERDICT_OUTCOMES = ['reproduced', 'mitigated', 'not applicable', 'inconclusive'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

export interface Verdict {
  id: FindingId;
  topology: Topology;
  outcome: VerdictOutcome;
  /** What the verdict rests on, in one sentence a team can check. */
  why: string;
  /** For a reproduced finding: what to change in the app. */
  advice?: string;
  /** Measured figures, in milliseconds unless the key says otherwise. */
  measured: Record<string, number | string>;
}

type Judged = Omit<Verdict, 'id' | 'topology' | 'outcome'>;

/** Builds the verdicts of one finding on one topology. */
export const verdictsOf = (id: FindingId, topology: Topology) => ({
  reproduced: (judged: Judged & { advice: string }): Verdict => ({ id, topology, outcome: 'reproduced', ...judged }),
  mitigated: (judged: Judged): Verdict => ({ id, topology, outcome: 'mitigated', ...judged }),
  notApplicable: (why: string): Verdict => ({ id, topology, outcome: 'not applicable', why, measured: {} }),
  inconclusive: (why: string, measured: Record<string, number | string> = {}): Verdict => ({
    id,
    topology,
    outcome: 'inconclusive',
    why,
    measured,
  }),
});

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
