import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const __dirname = import.meta.dirname;
import type { GeneratorCommand, GeneratorReport } from './load-generator';

/** The parent side of the load generator: one child process, commands in, reports out. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static start(): LoadGenerator {
    const child = fork(join(__dirname, 'load-generator.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new LoadGenerator(child);
  }

  request<T extends GeneratorReport['type']>(command: GeneratorCommand, expect: T, timeoutMs: number): Promise<Extract<GeneratorReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load generator: no "${expect}" within ${timeoutMs} ms`)), timeoutMs);
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

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
