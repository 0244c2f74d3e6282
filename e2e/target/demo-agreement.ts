import type { FindingId, FindingRow } from '../support/findings';

/** The demo as a target, twice: its page with the lab client, and with a bare `EventSource`. */
export const DEMO_TARGETS = { lab: 'demo', native: 'demo-native' } as const;

/** One finding in one engine, as both paths saw it. */
export interface Agreement {
  id: FindingId;
  engine: string;
  /** The black-box verdicts on the demo's page: with the lab client, and with `?client=native`. */
  lab?: string;
  native?: string;
  /** The suite's own passed rows for the finding in that engine, by outcome. */
  suite: { mitigated: number; reproduced: number };
  /** Why the two paths contradict each other; absent when they agree. */
  contradiction?: string;
  /** Why the finding was not compared (no suite row in that engine, or no verdict). */
  notCompared?: string;
}

const passed = (row: FindingRow) => row.status === undefined || row.status === 'passed';
/** A target's verdict was made (it has its grounds) even where it broke the example's expectations and so failed. */
const judged = (row: FindingRow) => row.why !== undefined;

/**
 * Holds the black-box verdicts on the demo to the suite's own rows, per finding × engine. Both paths
 * watch the same app with the same client, so:
 * - the lab client's page is never `reproduced` where the suite has a passed `mitigated` row;
 * - where the lab client's page is `mitigated` and the native page `reproduced` (the client makes
 *   the difference), the suite has a passed `mitigated` row: the lab client's mitigation is shown
 *   from inside the page too.
 * A native page's `mitigated` needs no suite row: what the server does (its `retry:`, F5) mitigates on
 * the wire whichever client reads it, where the suite's `reproduced` rows are often the client's alone.
 * Findings the suite measures rather than judges (F14's engine facts, F15's platforms) and engines
 * the suite did not run are listed as not compared.
 */
export function demoAgreement(suiteRows: FindingRow[], targetRows: FindingRow[]): Agreement[] {
  const verdict = (target: string, id: FindingId, engine: string) =>
    targetRows.find((row) => row.target === target && row.id === id && row.engine === engine && judged(row))?.outcome;
  const keys = new Map<string, { id: FindingId; engine: string }>();
  for (const row of targetRows)
    if (row.target === DEMO_TARGETS.lab || row.target === DEMO_TARGETS.native)
      keys.set(`${row.id} ${row.engine}`, { id: row.id, engine: row.engine });

  return [...keys.values()]
    .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)) || a.engine.localeCompare(b.engine))
    .map(({ id, engine }) => {
      const lab = verdict(DEMO_TARGETS.lab, id, engine);
      const native = verdict(DEMO_TARGETS.native, id, engine);
      // A verdict about the server alone (no browser) stands against the suite's rows in any engine.
      const rows = suiteRows.filter(
        (row) => row.id === id && (engine === 'no browser' || row.engine === engine) && !row.target && passed(row),
      );
      const suite = {
        mitigated: rows.filter((row) => row.outcome === 'mitigated').length,
        reproduced: rows.filter((row) => row.outcome === 'reproduced').length,
      };
      const agreement: Agreement = { id, engine, lab, native, suite };
      if (suite.mitigated + suite.reproduced === 0)
        return {
          ...agreement,
          notCompared: `the suite has no passed row judging ${id}${engine === 'no browser' ? '' : ` in ${engine}`}`,
        };
      const problems: string[] = [];
      if (lab === 'reproduced' && suite.mitigated > 0)
        problems.push(`the lab client's page is reproduced, the suite mitigates it (${suite.mitigated} rows)`);
      if (lab === 'mitigated' && native === 'reproduced' && suite.mitigated === 0)
        problems.push('the lab client makes the difference on the demo, and no suite row shows it mitigating');
      return problems.length ? { ...agreement, contradiction: problems.join('; ') } : agreement;
    });
}

/** The agreement as a markdown table, contradictions first named in their row. */
export function agreementTable(agreements: Agreement[]): string {
  const lines = [
    '| finding | engine | demo (lab client) | demo-native | suite: mitigated · reproduced | agreement |',
    '|---|---|---|---|---|---|',
    ...agreements.map(
      (a) =>
        `| ${a.id} | ${a.engine} | ${a.lab ?? '–'} | ${a.native ?? '–'} | ${a.suite.mitigated} · ${a.suite.reproduced} | ${
          a.contradiction
            ? `**contradicts**: ${a.contradiction}`
            : a.notCompared
              ? `not compared: ${a.notCompared}`
              : 'agrees'
        } |`,
    ),
  ];
  return lines.join('\n');
}
