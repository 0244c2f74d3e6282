import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeAnswer, waitForAnswer } from './page-wait';

let server: http.Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('waitForAnswer', () => {
  it("should poll past a proxy's 502 until the app answers, whatever its status", async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls++;
      response.writeHead(calls < 3 ? 502 : 404).end();
    });
    const { answer, tries } = await waitForAnswer(url, 10_000, 10);
    expect(answer).toEqual({ status: 404 });
    expect(tries).toBe(3);
  });

  it('should give up at the bound with the last answer', async () => {
    const url = await serve((_request, response) => response.writeHead(503).end());
    const started = Date.now();
    const { answer, tries } = await waitForAnswer(url, 300, 50);
    expect(describeAnswer(answer)).toBe('HTTP 503');
    expect(tries).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('should name the network error when nothing listens', async () => {
    const url = await serve(() => undefined);
    server!.close();
    server = undefined;
    const { answer } = await waitForAnswer(url, 100, 50);
    expect(describeAnswer(answer)).toBe('ECONNREFUSED');
  });
});
