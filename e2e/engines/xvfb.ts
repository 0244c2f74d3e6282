import { spawn } from 'node:child_process';

export interface XDisplay {
  /** The DISPLAY value, e.g. ":99". */
  display: string;
  stop(): void;
}

/**
 * Starts a virtual X server on the first free display (it writes the number on fd 3). WebKitGTK's
 * MiniBrowser has no headless mode: it needs one.
 */
export function startXvfb(binary: string, timeoutMs = 10_000): Promise<XDisplay> {
  const child = spawn(binary, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Xvfb (${binary}) gave no display within ${timeoutMs} ms: ${stderr.trim() || 'no output'}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb (${binary}) did not start: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb (${binary}) exited with ${code}: ${stderr.trim()}`));
    });
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ display: `:${chunk.toString().trim()}`, stop: () => child.kill('SIGTERM') });
    });
  });
}
