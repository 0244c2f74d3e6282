/**
 * Child process: opens N SSE streams to a server, spread over 127.0.0.x source addresses, and
 * measures every data event's delay from its server timestamp, and the events each stream missed
 * (gaps in its sequence). After the server went away, it resumes every stream from its last id
 * (`Last-Event-ID`), all at once, and times the replay. Driven by messages from the parent.
 */
import http from 'node:http';
import { StreamReader, type DataEvent } from './stream-reader';

export type GeneratorCommand =
  | { type: 'open'; url: string; count: number; sourceAddresses: number; maxPending: number; timeoutMs: number }
  | { type: 'measure'; durationMs: number }
  | { type: 'positions' }
  | { type: 'resume'; url: string; untilSeq: number; maxPending: number; timeoutMs: number }
  | { type: 'drop' };

export type GeneratorReport =
  | { type: 'opened'; connected: number; failed: number; rampMs: number }
  /** `missed`: events absent from a stream between two it received, summed over the streams. */
  | { type: 'measured'; events: number; missed: number; latenciesMs: number[] }
  /** The lowest and highest sequence the streams have received, and how many are still connected. */
  | { type: 'positions'; minSeq: number; maxSeq: number; open: number; withoutId: number }
  | {
      type: 'resumed';
      resumed: number;
      refused: number;
      refusedBy: Record<string, number>;
      withoutId: number;
      firstEventMs: number[];
      caughtUp: number;
      caughtUpAfterMs: number;
      missed: number;
      resets: number;
    }
  | { type: 'dropped' };

/** One stream the generator holds, across its connections. */
interface TrackedStream {
  localAddress: string;
  reader: StreamReader;
  connection?: http.ClientRequest;
  resume?: { requestedAt: number; untilSeq: number; firstEventAt?: number; caughtUpAt?: number; missed: number };
}

const streams: TrackedStream[] = [];
let measuring = false;
let events = 0;
let missed = 0;
let latencies: number[] = [];

function onEvent(stream: TrackedStream, event: DataEvent): void {
  const resume = stream.resume;
  if (resume) {
    const now = Date.now();
    resume.firstEventAt ??= now;
    resume.missed += event.missedBefore;
    if (event.seq >= resume.untilSeq) resume.caughtUpAt ??= now;
  }
  if (!measuring) return;
  events++;
  missed += event.missedBefore;
  latencies.push(Date.now() - event.ts);
}

/** What a connection attempt came to: `ok`, the status the server answered instead, or the error's code. */
type Outcome = 'ok' | string;

/** Connects `stream` (from its last id, when given one). */
function connect(stream: TrackedStream, url: string, timeoutMs: number, lastEventId?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
    const req = http.get(
      url,
      { agent: false, localAddress: stream.localAddress, timeout: timeoutMs, headers },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          resolve(`HTTP ${res.statusCode}`);
          return;
        }
        stream.reader.reconnected();
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => stream.reader.read(chunk));
        resolve('ok');
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.on('timeout', () => req.destroy());
    req.on('close', () => {
      if (stream.connection === req) stream.connection = undefined;
    });
    stream.connection = req;
  });
}

/** Runs `task` over `items` with at most `maxPending` at a time. */
async function pooled<T>(items: T[], maxPending: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(maxPending, items.length) }, worker));
}

async function open(command: Extract<GeneratorCommand, { type: 'open' }>): Promise<GeneratorReport> {
  const started = Date.now();
  let connected = 0;
  let failed = 0;
  const opening = Array.from({ length: command.count }, (_, index) => {
    const stream: TrackedStream = {
      localAddress: `127.0.0.${2 + (index % command.sourceAddresses)}`,
      reader: new StreamReader((event) => onEvent(stream, event)),
    };
    return stream;
  });
  await pooled(opening, command.maxPending, async (stream) => {
    if ((await connect(stream, command.url, command.timeoutMs)) === 'ok') {
      connected++;
      streams.push(stream);
    } else failed++;
  });
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

function positions(): GeneratorReport {
  const seqs = streams.map((stream) => stream.reader.position).filter((seq) => seq >= 0);
  return {
    type: 'positions',
    minSeq: seqs.length > 0 ? Math.min(...seqs) : -1,
    maxSeq: seqs.length > 0 ? Math.max(...seqs) : -1,
    open: streams.filter((stream) => stream.connection).length,
    withoutId: streams.filter((stream) => !stream.reader.lastId).length,
  };
}

/** Every stream reconnects from its last id; resolves when all have caught up to `untilSeq`, or at the deadline. */
async function resume(command: Extract<GeneratorCommand, { type: 'resume' }>): Promise<GeneratorReport> {
  const started = Date.now();
  const deadline = started + command.timeoutMs;
  const resetsBefore = streams.reduce((sum, stream) => sum + stream.reader.resets, 0);
  let resumed = 0;
  let refused = 0;
  const refusedBy: Record<string, number> = {};
  await pooled(streams, command.maxPending, async (stream) => {
    stream.resume = { requestedAt: Date.now(), untilSeq: command.untilSeq, missed: 0 };
    const outcome = await connect(stream, command.url, command.timeoutMs, stream.reader.lastId);
    if (outcome === 'ok') resumed++;
    else {
      refused++;
      refusedBy[outcome] = (refusedBy[outcome] ?? 0) + 1;
    }
  });
  const caughtUp = () => streams.filter((stream) => stream.resume?.caughtUpAt !== undefined).length;
  while (caughtUp() < resumed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const firstEventMs = streams.flatMap((stream) =>
    stream.resume?.firstEventAt === undefined ? [] : [stream.resume.firstEventAt - stream.resume.requestedAt],
  );
  const lastCaughtUp = Math.max(started, ...streams.map((stream) => stream.resume?.caughtUpAt ?? started));
  const report: GeneratorReport = {
    type: 'resumed',
    resumed,
    refused,
    refusedBy,
    withoutId: streams.filter((stream) => !stream.reader.lastId).length,
    firstEventMs,
    caughtUp: caughtUp(),
    caughtUpAfterMs: lastCaughtUp - started,
    missed: streams.reduce((sum, stream) => sum + (stream.resume?.missed ?? 0), 0),
    resets: streams.reduce((sum, stream) => sum + stream.reader.resets, 0) - resetsBefore,
  };
  for (const stream of streams) stream.resume = undefined;
  return report;
}

process.on('message', async (command: GeneratorCommand) => {
  if (command.type === 'open') process.send?.(await open(command));
  if (command.type === 'measure') process.send?.(await measure(command.durationMs));
  if (command.type === 'positions') process.send?.(positions());
  if (command.type === 'resume') process.send?.(await resume(command));
  if (command.type === 'drop') {
    for (const stream of streams) stream.connection?.destroy();
    streams.length = 0;
    process.send?.({ type: 'dropped' } satisfies GeneratorReport);
  }
});
