/**
 * Child process: opens N SSE streams to a server, spread over 127.0.0.x source addresses, and
 * measures every data event's delay from its server timestamp, and the events each stream missed
 * (gaps in its sequence). Driven by messages from the parent.
 */
import http from 'node:http';
import { StreamReader, type DataEvent } from './stream-reader';

export type GeneratorCommand =
  | { type: 'open'; url: string; count: number; sourceAddresses: number; maxPending: number; timeoutMs: number }
  | { type: 'measure'; durationMs: number }
  | { type: 'drop' };

export type GeneratorReport =
  | { type: 'opened'; connected: number; failed: number; rampMs: number }
  /** `missed`: events absent from a stream between two it received, summed over the streams. */
  | { type: 'measured'; events: number; missed: number; latenciesMs: number[] }
  | { type: 'dropped' };

const sockets = new Set<http.ClientRequest>();
let measuring = false;
let events = 0;
let missed = 0;
let latencies: number[] = [];

function onEvent(event: DataEvent): void {
  if (!measuring) return;
  events++;
  missed += event.missedBefore;
  latencies.push(Date.now() - event.ts);
}

function openOne(url: string, localAddress: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, localAddress, timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(false);
        return;
      }
      const reader = new StreamReader(onEvent);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => reader.read(chunk));
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.on('close', () => sockets.delete(req));
    sockets.add(req);
  });
}

async function open(command: Extract<GeneratorCommand, { type: 'open' }>): Promise<GeneratorReport> {
  const started = Date.now();
  let connected = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < command.count) {
      const index = next++;
      const localAddress = `127.0.0.${2 + (index % command.sourceAddresses)}`;
      if (await openOne(command.url, localAddress, command.timeoutMs)) connected++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: command.maxPending }, worker));
  return { type: 'opened', connected, failed, rampMs: Date.now() - started };
}

async function measure(durationMs: number): Promise<GeneratorReport> {
  events = 0;
  missed = 0;
  latencies = [];
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  measuring = false;
  return { type: 'measured', events, missed, latenciesMs: latencies };
}

process.on('message', async (command: GeneratorCommand) => {
  if (command.type === 'open') process.send?.(await open(command));
  if (command.type === 'measure') process.send?.(await measure(command.durationMs));
  if (command.type === 'drop') {
    for (const req of sockets) req.destroy();
    sockets.clear();
    process.send?.({ type: 'dropped' } satisfies GeneratorReport);
  }
});
