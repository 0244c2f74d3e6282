import { describe, expect, it } from 'vitest';
import { eventsAfter, feedOf, missingFrom, repeatedIds, skippedBetween, withIds } from './event-matching';

const e = (id: string | undefined, data = `d${id}`) => ({ id, dataDigest: data });

describe('event matching', () => {
  it('should keep the events with an id, and those after an id', () => {
    const events = [e('1'), e(undefined, 'hb'), e('2'), e('3')];
    expect(withIds(events)).toEqual([e('1'), e('2'), e('3')]);
    expect(eventsAfter(events, '1')).toEqual([e(undefined, 'hb'), e('2'), e('3')]);
    expect(eventsAfter(events, undefined)).toEqual([]);
  });

  it("should keep the feed: the events with ids of the name most carry, not a connection's hello", () => {
    const hello = (id: string) => ({ event: 'hello', id, dataDigest: `hello ${id}` });
    const events = [hello('3'), e('4'), e('5'), e(undefined, 'hb'), hello('5'), e('6')];
    expect(feedOf(events)).toEqual([e('4'), e('5'), e('6')]);
    expect(feedOf([])).toEqual([]);
  });

  it('should tell an event that never came, by id and data: the same id with other data is another event', () => {
    expect(missingFrom([e('4'), e('5')], [e('4'), e('5', 'other instance')])).toEqual([e('5')]);
    expect(missingFrom([e('4')], [e('3'), e('4')])).toEqual([]);
  });

  it('should name ids read twice', () => {
    expect(repeatedIds([e('1'), e('2'), e('2'), e(undefined)])).toEqual(['2']);
  });

  it('should find what a reader skipped between its first and last events the log holds', () => {
    const log = [e('1'), e('2'), e('3'), e('4'), e('5')];
    expect(skippedBetween([e('2'), e('4'), e('5'), e('9')], log)).toEqual([e('3')]);
    expect(skippedBetween([e('1'), e('2')], log)).toEqual([]);
    expect(skippedBetween([e('8')], log)).toEqual([]);
  });
});
