import { test } from '@playwright/test';
import { recordFinding } from '../findings';

test('a page notices silence', async ({}, testInfo) => {
  recordFinding(testInfo, { id: 'F1', topology: 'prod', outcome: 'mitigated', measured: { quietMs: 1000 } });
});

test('the server lets go of a closed stream', { tag: '@server' }, async ({}, testInfo) => {
  recordFinding(testInfo, { id: 'F2', topology: 'prod', outcome: 'mitigated', measured: { leaked: 0 } });
});

test('the stream resumes after a cut', { tag: '@direct' }, async ({}, testInfo) => {
  recordFinding(testInfo, { id: 'F5', topology: 'prod+nginx', outcome: 'reproduced', measured: { gaps: 0 } });
});
