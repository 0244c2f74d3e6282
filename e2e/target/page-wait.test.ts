import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHttp } from './loopback-http';
import { describeAnswer, streamProblem, waitForAnswer } from './page-wait';

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

describe('streamProblem', () => {
  it('should accept a 200 event stream, and let it go once its headers are read', async () => {
    const url = await servers.serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('data: 1\n\n');
    });
    expect(await streamProblem(url)).toBeUndefined();
  });

  it("should name a 404, an HTML page answered in the stream's place, and no answer", async () => {
    const missing = await servers.serve((_request, response) =>
      response.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>'),
    );
    expect(await streamProblem(missing)).toBe('answered 404 (text/html)');
    const spa = await servers.serve((_request, response) =>
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html></html>'),
    );
    expect(await streamProblem(spa)).toBe('answered 200 with text/html; charset=utf-8, not text/event-stream');
    expect(await streamProblem(`${await servers.refusedUrl()}/events`)).toMatch(/got no answer .*ECONNREFUSED/);
  });
});
