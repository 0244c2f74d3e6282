import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rowsOf } from '../support/findings';
import { recommendations, recommendationsTable } from '../support/recommendations';
import { runTool } from './run-tool';

const START = "<!-- recommendations: written by make readme-recommendations from a run's findings.json -->";
const END = '<!-- recommendations: end -->';

/** `text` with the block between the markers replaced by `table`; an error names a missing marker. */
export function replaceRecommendations(text: string, table: string): string {
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from === -1 || to === -1 || to < from) throw new Error(`no "${START}" … "${END}" block to write the table into`);
  return `${text.slice(0, from + START.length)}\n${table}\n${text.slice(to)}`;
}

/**
 * `make readme-recommendations [FINDINGS=e2e/report/findings.json]`: the README's table of the
 * settings that passed behind each platform, written from a run's rows (its findings.md ends with
 * the same table). Fails, changing nothing, when the run has no passed platform row.
 */
function main(): void {
  const findings = resolve(process.argv[2] ?? join(__dirname, '..', 'report', 'findings.json'));
  if (!existsSync(findings)) throw new Error(`FINDINGS=${findings}: no such file; a run of make e2e writes one`);
  const recs = recommendations(rowsOf(readFileSync(findings, 'utf8')));
  if (recs.length === 0) throw new Error(`${findings}: no F15 mitigated row passed; nothing to write`);
  const readme = join(__dirname, '..', '..', 'README.md');
  writeFileSync(readme, replaceRecommendations(readFileSync(readme, 'utf8'), recommendationsTable(recs)));
  console.log(`README.md: the recommendation table from ${findings} (${recs.length} platforms)`);
}

if (require.main === module) runTool('readme-recommendations', main);
