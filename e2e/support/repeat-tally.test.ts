import { describe, expect, it } from 'vitest';
import { renderTally, tallyRuns, type JsonReport } from './repeat-tally';

const result = (status: string, message?: string) => ({ status, ...(message ? { error: { message } } : {}) });

/** The shape Playwright's json reporter writes: a suite per file, describe blocks nested, a test per project and repeat. */
const report: JsonReport = {
  suites: [
    {
      title: 'f10-proxy-5xx.spec.ts',
      file: 'f10-proxy-5xx.spec.ts',
      suites: [
        {
          title: 'F10 a proxy 5xx',
          specs: [
            {
              title: 'F10 behind nginx',
              file: 'f10-proxy-5xx.spec.ts',
              tests: [
                { projectName: 'webkit', results: [result('passed')] },
                {
                  projectName: 'webkit',
                  results: [
                    result('failed', '\u001b[31mError: native EventSource CLOSED after the 502\u001b[39m\nExpected: 2'),
                  ],
                },
                { projectName: 'webkit', results: [result('timedOut', 'Test timeout of 90000ms exceeded.')] },
                {
                  projectName: 'webkit',
                  results: [result('failed', 'Error: native EventSource CLOSED after the 502\n')],
                },
                { projectName: 'chromium', results: [result('passed'), result('skipped'), result('interrupted')] },
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'f1-silent-connection.spec.ts',
      file: 'f1-silent-connection.spec.ts',
      specs: [
        {
          title: 'F1 silent',
          file: 'f1-silent-connection.spec.ts',
          tests: [{ projectName: 'firefox', results: [result('passed')] }],
        },
      ],
    },
  ],
};

describe('tallyRuns', () => {
  it('should count runs and failures per spec and engine, each cause once, skipped and interrupted results left out', () => {
    expect(tallyRuns(report)).toEqual([
      { file: 'f1-silent-connection.spec.ts', test: 'F1 silent', engine: 'firefox', runs: 1, failures: 0, causes: [] },
      { file: 'f10-proxy-5xx.spec.ts', test: 'F10 behind nginx', engine: 'chromium', runs: 1, failures: 0, causes: [] },
      {
        file: 'f10-proxy-5xx.spec.ts',
        test: 'F10 behind nginx',
        engine: 'webkit',
        runs: 4,
        failures: 3,
        causes: [
          'failed: Error: native EventSource CLOSED after the 502',
          'timedOut: Test timeout of 90000ms exceeded.',
        ],
      },
    ]);
  });

  it('should add up several reports of the same tests', () => {
    const rows = tallyRuns({ suites: [...report.suites!, ...report.suites!] });
    expect(rows.find((row) => row.engine === 'webkit')).toMatchObject({ runs: 8, failures: 6 });
  });
});

describe('renderTally', () => {
  it('should write one table row per spec and engine, with the pipe in a cause escaped', () => {
    const table = renderTally([
      { file: 'a.spec.ts', test: 't', engine: 'webkit', runs: 10, failures: 1, causes: ['failed: a | b'] },
    ]);
    expect(table.split('\n')).toEqual([
      '| spec | test | engine | runs | failures | cause |',
      '|---|---|---|---:|---:|---|',
      '| a.spec.ts | t | webkit | 10 | 1 | failed: a \\| b |',
    ]);
  });
});
