import { describe, expect, it } from 'vitest';
import { rowsOf } from '../support/findings';
import { replaceRecommendations } from './readme-recommendations';

const START = "<!-- recommendations: written by make readme-recommendations from a run's findings.json -->";
const END = '<!-- recommendations: end -->';

describe('the README recommendation table', () => {
  it('should replace what lies between the markers, and nothing else', () => {
    const readme = `# Lab\n\nbefore\n${START}\n| old |\n${END}\nafter\n`;
    expect(replaceRecommendations(readme, '| new |')).toBe(`# Lab\n\nbefore\n${START}\n| new |\n${END}\nafter\n`);
  });

  it('should name the missing marker rather than write anywhere', () => {
    expect(() => replaceRecommendations('# Lab\n', '| new |')).toThrow(/no "<!-- recommendations: written/);
    expect(() => replaceRecommendations(`${END}\n${START}\n`, '| new |')).toThrow(/block to write the table into/);
  });

  it("should read every finding's rows from a findings.json", () => {
    const json = JSON.stringify({
      findings: [
        { id: 'F1', rows: [{ id: 'F1', topology: 'prod', engine: 'chromium', outcome: 'mitigated', measured: {} }] },
        {
          id: 'F15',
          rows: [{ id: 'F15', topology: 'platform: heroku', engine: 'chromium', outcome: 'mitigated', measured: {} }],
        },
      ],
    });
    expect(rowsOf(json).map(({ id }) => id)).toEqual(['F1', 'F15']);
  });
});
