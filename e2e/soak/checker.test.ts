import { describe, expect, it } from 'vitest';
import { caughtUp, checkAcceptedLog, checkHistory } from './checker';
import { ClientHistory } from './client-history';

const SPACE = 'aaaaaaaa';
const OTHER = 'bbbbbbbb';
const accepted = new Map([
  [SPACE, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  [OTHER, [1, 2, 3]],
]);

function history(ids: string[], resets: [number, string][] = [], slackMs = 0): ClientHistory {
  const h = new ClientHistory('node 1', 'node', slackMs);
  ids.forEach((id, i) => h.event(id, 1000 * (i + 1)));
  resets.forEach(([at, reason]) => h.reset(at, reason));
  return h;
}
const ids = (space: string, seqs: number[]) => seqs.map((seq) => `${space}-${seq}`);

describe('checkHistory', () => {
  it('passes ids that follow the log one by one', () => {
    const result = checkHistory(history(ids(SPACE, [3, 4, 5, 6])), accepted);
    expect(result).toEqual({ violations: [], eventsChecked: 4, explained: [] });
  });

  it('finds an id received twice, and one out of order', () => {
    const result = checkHistory(history(ids(SPACE, [3, 4, 4, 5, 2])), accepted);
    expect(result.violations.map((v) => [v.invariant, v.detail])).toEqual([
      ['order', `${SPACE}-4 arrived after ${SPACE}-4: received twice`],
      ['order', `${SPACE}-2 arrived after ${SPACE}-5: out of order`],
    ]);
  });

  it('finds accepted events that never arrived, with the ids around them', () => {
    const [violation] = checkHistory(history(ids(SPACE, [3, 4, 7])), accepted).violations;
    expect(violation).toMatchObject({ invariant: 'complete', client: 'node 1', ids: [`${SPACE}-4`, `${SPACE}-7`] });
    expect(violation.detail).toBe(
      `2 accepted event(s) between ${SPACE}-4 and ${SPACE}-7 never arrived, and no reset was sent`,
    );
  });

  it('counts only what the log accepted between two ids: a stretch the log never read is not missing', () => {
    const sparse = new Map([[SPACE, [1, 2, 5, 6, 9, 10]]]);
    expect(checkHistory(history(ids(SPACE, [1, 2, 5, 6])), sparse).violations).toEqual([]);
    expect(checkHistory(history(ids(SPACE, [2, 10])), sparse).violations.map((v) => v.detail)).toEqual([
      `3 accepted event(s) between ${SPACE}-2 and ${SPACE}-10 never arrived, and no reset was sent`,
    ]);
  });

  it('counts a jump that a reset between the two events explains, once per reset', () => {
    const result = checkHistory(history(ids(SPACE, [2, 5, 6, 9]), [[1500, 'ahead']]), accepted);
    expect(result.explained).toEqual([
      { client: 'node 1', at: 1500, reason: 'ahead', from: `${SPACE}-2`, to: `${SPACE}-5`, skipped: 2 },
    ]);
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0].ids).toEqual([`${SPACE}-6`, `${SPACE}-9`]);
  });

  it('does not take a reset from before the jump, or from after it beyond the slack', () => {
    expect(checkHistory(history(ids(SPACE, [2, 3, 6]), [[1500, 'ahead']]), accepted).violations).toHaveLength(1);
    expect(
      checkHistory(history(ids(SPACE, [2, 3, 6]), [[3500, 'counted by the page']]), accepted).violations,
    ).toHaveLength(1);
    expect(
      checkHistory(history(ids(SPACE, [2, 3, 6]), [[3500, 'counted by the page']], 1000), accepted).violations,
    ).toHaveLength(0);
  });

  it('wants a reset for every change of id space', () => {
    expect(checkHistory(history([...ids(SPACE, [9, 10]), ...ids(OTHER, [2, 3])]), accepted).violations[0].detail).toBe(
      `went from id space ${SPACE} to ${OTHER} without a reset`,
    );
    const explained = checkHistory(
      history([...ids(SPACE, [9, 10]), ...ids(OTHER, [2, 3])], [[2500, 'other-boot']]),
      accepted,
    );
    expect(explained.violations).toEqual([]);
    expect(explained.explained[0]).toMatchObject({ reason: 'other-boot', skipped: 0 });
  });

  it('judges jumps only up to judgeUntil, order always', () => {
    const h = history(ids(SPACE, [2, 3, 6, 6]));
    expect(checkHistory(h, accepted, 2500).violations.map((v) => v.invariant)).toEqual(['order']);
    expect(checkHistory(h, accepted).violations.map((v) => v.invariant)).toEqual(['complete', 'order']);
  });

  it("refuses an id that is not the contract's", () => {
    expect(checkHistory(history(['not-an-id']), accepted).violations[0].invariant).toBe('order');
  });
});

describe('checkAcceptedLog', () => {
  it('passes consecutive sequence numbers and names the first hole of a space', () => {
    expect(checkAcceptedLog(accepted, 0)).toEqual([]);
    expect(checkAcceptedLog(new Map([[SPACE, [4, 5, 7, 9]]]), 0)).toEqual([
      {
        invariant: 'log',
        at: 0,
        detail: `the log of id space ${SPACE} went from 5 to 7`,
        ids: [`${SPACE}-5`, `${SPACE}-7`],
      },
    ]);
  });
});

describe('caughtUp', () => {
  it('is true at or past the head in its id space only', () => {
    const h = history(ids(SPACE, [8, 9]));
    expect(caughtUp(h, { space: SPACE, seq: 9 })).toBe(true);
    expect(caughtUp(h, { space: SPACE, seq: 10 })).toBe(false);
    expect(caughtUp(h, { space: OTHER, seq: 1 })).toBe(false);
    expect(caughtUp(new ClientHistory('empty', 'node', 0), { space: SPACE, seq: 1 })).toBe(false);
  });
});
