import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const __dirname = import.meta.dirname;
import type { GeneratorCommand, GeneratorReport } from './load-generator';

/** Where the generator's streams come from: 127.0.0.2 to .51, so no source address runs out of ports. */
const SOURCE_ADDRESSES = 50;

/** The parent side of the load generator: one child process, commands in, reports out. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadGenerator {
    const child = fork(join(__dirname, 'load-generator.ts'), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadGenerator(child);
  }

  request<T extends GeneratorReport['type']>(
    command: GeneratorCommand,
    expect: T,
    timeoutMs: number,
  ): Promise<Extract<GeneratorReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`load generator: no "${expect}" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (report: GeneratorReport) => {
        if (report.type !== expect) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(report as Extract<GeneratorReport, { type: T }>);
      };
      this.child.on('message', onMessage);
      this.child.send(command);
    });
  }

  /** Opens `count` streams to `url`, 200 connecting at a time, spread over the source addresses. */
  openStreams(url: string, count: number): Promise<Extract<GeneratorReport, { type: 'opened' }>> {
    return this.request(
      { type: 'open', url, count, sourceAddresses: SOURCE_ADDRESSES, maxPending: 200, timeoutMs: 20_000 },
      'opened',
      120_000,
    );
  }

  /** Counts and times every data event for `durationMs`. */
  measure(durationMs: number): Promise<Extract<GeneratorReport, { type: 'measured' }>> {
    return this.request({ type: 'measure', durationMs }, 'measured', durationMs + 30_000);
  }

  /** Where the streams are in the sequence, and how many are still connected. */
  positions(): Promise<Extract<GeneratorReport, { type: 'positions' }>> {
    return this.request({ type: 'positions' }, 'positions', 30_000);
  }

  /** Every stream reconnects with its Last-Event-ID, 1 000 connecting at a time; waits until all have caught up to `untilSeq`. */
  resume(url: string, untilSeq: number, timeoutMs: number): Promise<Extract<GeneratorReport, { type: 'resumed' }>> {
    return this.request({ type: 'resume', url, untilSeq, maxPending: 1000, timeoutMs }, 'resumed', timeoutMs + 30_000);
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
