import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackHttp } from '../loopback-http';
import { judgeOtherInstance } from '../verdicts/f12-other-instance';
import { observeOtherInstance } from './other-instance';

type Log = { id: string; data: string }[];

/** An instance that appends an event to `log` every 100 ms and replays from it after `Last-Event-ID`. */
function instance(log: Log, name: string, append: boolean): http.RequestListener {
  return (request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const last = request.headers['last-event-id'];
    let sent = last === undefined ? log.length : log.findIndex(({ id }) => id === last) + 1;
    const flush = () => {
      for (; sent < log.length; sent++) response.write(`id: ${log[sent]!.id}\ndata: ${log[sent]!.data}\n\n`);
    };
    const timer = setInterval(() => {
      if (append) log.push({ id: String(log.length + 1), data: `event ${log.length + 1} from ${name}` });
      flush();
    }, 100);
    flush();
    request.on('close', () => clearInterval(timer));
  };
}

describe('observeOtherInstance', () => {
  const servers = loopbackHttp();
  afterEach(() => servers.closeAll());

  it('should see no loss where both instances read one log: mitigated', async () => {
    const shared: Log = [];
    // One instance writes the log, both read it (a shared log with one producer).
    const a = await servers.serve(instance(shared, 'a', true));
    const b = await servers.serve(instance(shared, 'b', false));
    const observed = await observeOtherInstance({ name: 'a', url: a }, { name: 'b', url: b }, { windowMs: 10_000 });
    expect(observed.sentAfter.length).toBeGreaterThanOrEqual(3);
    expect(judgeOtherInstance(observed)).toMatchObject({ outcome: 'mitigated', measured: { missing: 0 } });
  });

  it('should see the loss where each instance keeps its own log and numbers alike: reproduced', async () => {
    const a = await servers.serve(instance([], 'a', true));
    const b = await servers.serve(instance([], 'b', true));
    const observed = await observeOtherInstance({ name: 'a', url: a }, { name: 'b', url: b }, { windowMs: 10_000 });
    const verdict = judgeOtherInstance(observed);
    expect(verdict.outcome).toBe('reproduced');
    expect(verdict.measured.missing).toBe(observed.sentAfter.length);
  });
});
