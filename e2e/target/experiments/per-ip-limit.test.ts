import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHttp } from '../loopback-http';
import { judgePerIpLimit } from '../verdicts/f8-per-ip-limit';
import { observePerIpLimit } from './per-ip-limit';

/** A stream server that admits `limit` streams per client, the client read as `trustsHeader` says. */
function limitedStreams(limit: number, trustsHeader: boolean): http.RequestListener {
  const open = new Map<string, number>();
  return (request, response) => {
    const forwarded = request.headers['x-forwarded-for'];
    const client = trustsHeader && typeof forwarded === 'string' ? forwarded : request.socket.remoteAddress!;
    if ((open.get(client) ?? 0) >= limit) {
      response.writeHead(429, { 'Retry-After': '5', 'Content-Type': 'application/json' }).end('{}');
      return;
    }
    open.set(client, (open.get(client) ?? 0) + 1);
    request.on('close', () => open.set(client, open.get(client)! - 1));
    response.writeHead(200, { 'Content-Type': 'text/event-stream' }).write('data: hi\n\n');
  };
}

describe('observePerIpLimit', () => {
  const http = loopbackHttp();
  afterEach(() => http.closeAll());

  it('sees no limit where there is none', async () => {
    const observed = await observePerIpLimit(await http.serve(limitedStreams(100, false)));
    expect(observed).toEqual({ statuses: [200, 200, 200, 200, 200, 200] });
    expect(judgePerIpLimit(observed).outcome).toBe('reproduced');
  });

  it('sees the sixth refused and the forged header refused too', async () => {
    const observed = await observePerIpLimit(await http.serve(limitedStreams(5, false)));
    expect(observed).toEqual({ statuses: [200, 200, 200, 200, 200, 429], retryAfter: '5', forgedStatus: 429 });
    expect(judgePerIpLimit(observed).outcome).toBe('mitigated');
  });

  it('sees a forged X-Forwarded-For get past a limit that trusts it', async () => {
    const observed = await observePerIpLimit(await http.serve(limitedStreams(5, true)));
    expect(observed.forgedStatus).toBe(200);
    expect(judgePerIpLimit(observed).outcome).toBe('reproduced');
  });
});
