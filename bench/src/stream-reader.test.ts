import { describe, expect, it } from 'vitest';
import { StreamReader, type DataEvent } from './stream-reader';

const frame = (seq: number, ts = 1_795_000_000_000 + seq) =>
  `id: abcd-${seq}\ndata: {"seq":${seq},"ts":${ts},"payload":{}}\n\n`;

describe('StreamReader', () => {
  it('should read events split across chunks once each, and skip other frames', () => {
    const events: DataEvent[] = [];
    const reader = new StreamReader((event) => events.push(event));
    const text = `\nevent: hello\nid: abcd-0\nretry: 3000\ndata: {"bootId":"abcd"}\n\n${frame(1)}${frame(2)}event: heartbeat\nid: abcd-2\ndata: {"ts":1795000000000}\n\n${frame(3)}`;
    for (const cut of [0, 5, 60, 61, 100, 130, text.length]) {
      events.length = 0;
      const split = new StreamReader((event) => events.push(event));
      split.read(text.slice(0, cut));
      split.read(text.slice(cut, cut + 7));
      split.read(text.slice(cut + 7));
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    }
    reader.read(text);
    expect(events.every((e) => e.ts === 1_795_000_000_000 + e.seq)).toBe(true);
  });

  it('should read fields written without a space after the colon', () => {
    const events: DataEvent[] = [];
    const reader = new StreamReader((event) => events.push(event));
    reader.read('retry:3000\n\nevent:message\nid:abcd-4\ndata:{"seq":4,"ts":1795000000004}\n\n:\n\n');
    expect(events).toEqual([{ seq: 4, ts: 1_795_000_000_004, missedBefore: 0 }]);
  });

  it('should keep its position across connections, drop the rest of a frame a closed one left, and count resets', () => {
    const events: DataEvent[] = [];
    const reader = new StreamReader((event) => events.push(event));
    reader.read(frame(1) + frame(2) + 'id: abcd-3\ndata: {"seq":3,');
    expect([reader.position, reader.lastId]).toEqual([2, 'abcd-2']);
    reader.reconnected();
    reader.read(`event: reset\ndata: {}\n\n${frame(5)}`);
    expect(events.map((e) => [e.seq, e.missedBefore])).toEqual([
      [1, 0],
      [2, 0],
      [5, 2],
    ]);
    expect([reader.position, reader.lastId, reader.resets]).toEqual([5, 'abcd-5', 1]);
  });

  it('should count the events missing from the sequence between two received ones', () => {
    const events: DataEvent[] = [];
    const reader = new StreamReader((event) => events.push(event));
    reader.read(frame(7) + frame(8) + frame(11));
    reader.read(frame(12));
    expect(events.map((e) => e.missedBefore)).toEqual([0, 0, 2, 0]);
  });
});
