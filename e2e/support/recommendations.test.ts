import { describe, expect, it } from 'vitest';
import type { FindingRow } from './findings';
import { renderFindingsHtml, type ReportInput } from './findings-html';
import { recommendations, recommendationsMarkdown } from './recommendations';

const row = (overrides: Partial<FindingRow>): FindingRow => ({
  id: 'F15',
  topology: 'platform: gcp-lb',
  engine: 'chromium',
  outcome: 'mitigated',
  measured: {
    timeScale: 0.133,
    recommendedHeartbeatMs: 30_000,
    recommendedMaxStreamMs: 24_000,
    retryMs: 500,
    retryJitterPct: 50,
    labWatchdogHeartbeats: 2.5,
  },
  ...overrides,
});

describe('the recommendation table of F15', () => {
  const rows = [
    row({}),
    row({ engine: 'firefox' }),
    row({ outcome: 'reproduced', measured: { timeScale: 0.133 } }),
    row({
      topology: 'platform: heroku',
      measured: { timeScale: 0.133, recommendedHeartbeatMs: 30_000, recommendedMaxStreamMs: 0 },
    }),
    row({ topology: 'platform: alb', outcome: 'failed', error: 'a stream was cut' }),
    row({ id: 'F6', topology: 'prod+nginx' }),
  ];

  it('should list each platform whose mitigated row passed, once, with every engine it passed in', () => {
    expect(recommendations(rows)).toEqual([
      {
        platform: 'gcp-lb',
        heartbeatMs: 30_000,
        maxStreamMs: 24_000,
        retryMs: 500,
        retryJitterPct: 50,
        labWatchdogHeartbeats: 2.5,
        engines: ['chromium', 'firefox'],
        timeScale: 0.133,
      },
      { platform: 'heroku', heartbeatMs: 30_000, maxStreamMs: 0, engines: ['chromium'], timeScale: 0.133 },
    ]);
  });

  it('should write it as markdown, a platform a line, and nothing without a passed row', () => {
    const markdown = recommendationsMarkdown(recommendations(rows));
    expect(markdown).toContain(
      '| gcp-lb | every 30 s or less | 24000 (24 s) | 500 ms ±50 %; 0.1–1 s after a rotation | lab client (watchdog 2.5 heartbeats) and native EventSource | chromium, firefox, at time scale 0.133 |',
    );
    // A row from before the retry and the clients were recorded: said so, not guessed.
    expect(markdown).toContain('| heroku | every 30 s or less | 0 (never) | – | – | chromium, at time scale 0.133 |');
    expect(markdown).not.toContain('alb');
    expect(recommendationsMarkdown(recommendations([row({ outcome: 'failed' })]))).toBe('');
  });

  it("should head F15's section of the report", () => {
    const report: ReportInput = {
      status: 'passed',
      generatedAt: new Date(0),
      provenance: null,
      findings: [{ id: 'F15', rows }],
      missing: [],
      timelines: [],
    };
    const html = renderFindingsHtml(report);
    expect(html).toMatch(/<h3>Recommended settings per platform<\/h3><table class="recommendations">/);
    expect(html).toContain('<td>gcp-lb</td><td>every 30 s or less</td><td>24000 (24 s)</td>');
  });
});
