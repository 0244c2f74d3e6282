import { describe, expect, it } from 'vitest';
import { judgeOtherInstance, type OtherInstanceObservation } from './f12-other-instance';
import { judgeRollingDeploy, type RollingDeployObservation } from './f13-rolling-deploy';

const e = (id: string, data = `d${id}`) => ({ id, dataDigest: data });

describe('F12 a reconnect on another instance, from the wire', () => {
  const observed: OtherInstanceObservation = {
    from: 'app-1',
    to: 'app-2',
    resumedFrom: 'a-12',
    sentAfter: [e('a-13'), e('a-14'), e('a-15')],
    resumed: [e('a-13'), e('a-14'), e('a-15'), e('a-16')],
    resumedStatus: 200,
    watchedMs: 6_000,
  };

  it('mitigated when the other instance sends every event the first sent after the id, same ids and data', () => {
    const verdict = judgeOtherInstance(observed);
    expect(verdict).toMatchObject({ id: 'F12', outcome: 'mitigated', measured: { missing: 0, sentAfter: 3 } });
  });

  it('reproduced when the other instance numbers alike but sends its own data (per-process logs)', () => {
    const verdict = judgeOtherInstance({ ...observed, resumed: [e('a-13', 'x'), e('a-14', 'y'), e('a-15')] });
    expect(verdict.outcome).toBe('reproduced');
    expect(verdict.why).toMatch(/2 of the 3 events app-1 sent after a-12 never came from app-2/);
    expect(verdict.advice).toMatch(/log every instance reads/);
  });

  it('reproduced when the other instance starts its own id space', () => {
    const verdict = judgeOtherInstance({ ...observed, resumed: [e('b-7'), e('b-8')] });
    expect(verdict).toMatchObject({ outcome: 'reproduced', measured: { missing: 3, firstIdFromOther: 'b-7' } });
  });

  it('inconclusive without ids, without a stream from the other, or without events to owe', () => {
    const { resumedFrom: _, ...noIds } = observed;
    expect(judgeOtherInstance({ ...noIds, sentAfter: [], resumed: [] }).why).toMatch(/no event with an id/);
    expect(judgeOtherInstance({ ...observed, resumedStatus: 429 }).why).toMatch(/app-2 answered 429/);
    expect(judgeOtherInstance({ ...observed, sentAfter: [] }).outcome).toBe('inconclusive');
    expect(judgeOtherInstance({ ...observed, error: 'ECONNREFUSED' }).outcome).toBe('inconclusive');
  });
});

describe('F13 a rolling deploy', () => {
  const observed: RollingDeployObservation = {
    instances: 2,
    deployMs: 14_000,
    before: '40',
    read: [e('41'), e('42'), e('43'), e('44')],
    connections: 3,
    replays: [
      { instance: 'app-1', status: 200, events: [e('41'), e('42'), e('43'), e('44'), e('45')] },
      { instance: 'app-2', status: 200, events: [e('41'), e('42'), e('43'), e('44')] },
    ],
    pageBackMs: 2_500,
    boundMs: 45_000,
  };

  it('mitigated when the reader lost nothing and every instance replays all it read from before the deploy', () => {
    expect(judgeRollingDeploy(observed)).toMatchObject({ id: 'F13', outcome: 'mitigated' });
  });

  it('reproduced when an instance does not know what the old processes sent', () => {
    const replays = [observed.replays[0]!, { instance: 'app-2', status: 200, events: [e('b-1'), e('b-2')] }];
    const verdict = judgeRollingDeploy({ ...observed, replays });
    expect(verdict).toMatchObject({ outcome: 'reproduced', measured: { unknownToReplay: 4 } });
    expect(verdict.why).toMatch(/got 4 events that a replay from 40 lacks on app-2 \(4 of them\)/);
  });

  it('reproduced when the reader skipped or repeated events the replay has', () => {
    expect(judgeRollingDeploy({ ...observed, read: [e('41'), e('43'), e('44')] })).toMatchObject({
      outcome: 'reproduced',
      measured: { skipped: 1 },
    });
    expect(judgeRollingDeploy({ ...observed, read: [e('41'), e('42'), e('42'), e('43')] })).toMatchObject({
      outcome: 'reproduced',
      measured: { repeated: 1 },
    });
  });

  it('reproduced when the page had no message again within the bound', () => {
    const { pageBackMs: _, ...stuck } = observed;
    expect(judgeRollingDeploy(stuck).why).toMatch(/no message within 45 s/);
  });

  it('inconclusive without ids, or with nothing read after the deploy', () => {
    const { before: _, ...noIds } = observed;
    expect(judgeRollingDeploy(noIds).outcome).toBe('inconclusive');
    expect(judgeRollingDeploy({ ...observed, read: [] }).outcome).toBe('inconclusive');
    const refused = [observed.replays[0]!, { instance: 'app-2', status: 503, events: [] }];
    expect(judgeRollingDeploy({ ...observed, replays: refused }).outcome).toBe('inconclusive');
    expect(judgeRollingDeploy({ ...observed, replays: [] }).outcome).toBe('inconclusive');
  });
});
