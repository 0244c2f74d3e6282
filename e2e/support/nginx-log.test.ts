import { describe, expect, it } from 'vitest';
import { parseAccessLine } from './nginx-log';

const UA = 'ua="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15"';

describe('parseAccessLine', () => {
  it('should read a stream that nginx held until the app was back (as logged in a WebKit run)', () => {
    const line = `2026-12-03T06:52:03.801319217Z 1796280723.689 172.28.0.2 "GET /api/stream HTTP/1.1" 200 2358 rt=14.119 upstream=200 urt=14.119 last_event_id="ad0a261a-95" conn=111/3 ${UA}`;
    expect(parseAccessLine(line)).toEqual({
      endedAt: 1796280723689,
      method: 'GET',
      target: '/api/stream',
      status: 200,
      upstreamStatus: '200',
      requestMs: 14119,
      lastEventId: 'ad0a261a-95',
    });
  });

  it('should read a 502 with no upstream status and no Last-Event-ID, behind a compose prefix', () => {
    const line = `nginx-1  | 1796280711.352 172.28.0.2 "GET /api/stream?page=native HTTP/1.1" 502 157 rt=0.001 upstream=502 urt=0.000 last_event_id="-" conn=115/3 ${UA}`;
    expect(parseAccessLine(line)).toMatchObject({
      target: '/api/stream?page=native',
      status: 502,
      upstreamStatus: '502',
      requestMs: 1,
    });
    expect(parseAccessLine(line)).not.toHaveProperty('lastEventId');
  });

  it('should leave out what is not an access line', () => {
    expect(
      parseAccessLine(
        '2026/12/03 06:51:49 [error] 29#29: *113 connect() failed (111: Connection refused) while connecting to upstream',
      ),
    ).toBeUndefined();
    expect(parseAccessLine('')).toBeUndefined();
  });
});
