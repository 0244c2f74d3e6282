import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { LogLevelSetting } from './config/lab-config';

const SEVERITY: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** JSON lines on stdout at LOG_LEVEL and above; false (no logger) for "silent". */
export function createLogger(level: LogLevelSetting): ConsoleLogger | false {
  if (level === 'silent') return false;
  return new ConsoleLogger({ json: true, logLevels: SEVERITY.slice(0, SEVERITY.indexOf(level) + 1) });
}
