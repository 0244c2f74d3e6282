import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHttp } from './loopback-http';
import { describeAnswer, waitForAnswer } from './page-wait';

const servers = loopbackHttp();

afterEach(() => servers.closeAll());

describe('waitForAnswer', () => {
  it("should poll past a proxy's 502 until the app answers, whatever its status", async () => {
    let calls = 0;
    const url = await servers.serve((_request, response) => {
      calls++;
      response.writeHead(calls < 3 ? 502 : 404).end();
    });
    const { answer, tries } = await waitForAnswer(url, 10_000, 10);
    expect(answer).toEqual({ status: 404 });
    expect(tries).toBe(3);
  });

  it('should give up at the bound with the last answer', async () => {
    const url = await servers.serve((_request, response) => response.writeHead(503).end());
    const started = Date.now();
    const { answer, tries } = await waitForAnswer(url, 300, 50);
    expect(describeAnswer(answer)).toBe('HTTP 503');
    expect(tries).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('should name the network error when nothing listens', async () => {
    const url = `${await servers.refusedUrl()}/`;
    const { answer } = await waitForAnswer(url, 100, 50);
    expect(describeAnswer(answer)).toBe('ECONNREFUSED');
  });
});
