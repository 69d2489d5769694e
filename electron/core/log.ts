import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** JSON lines appended here. */
  file?: string;
  /** Human-readable lines to stderr (never stdout: stdio MCP owns it). */
  stderr?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  if (options.file) mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const at = new Date().toISOString();
    if (options.stderr) {
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields, errorReplacer)}` : '';
      process.stderr.write(`${at} ${level.padEnd(5)} ${message}${extra}\n`);
    }
    if (options.file) {
      try {
        appendFileSync(options.file, `${JSON.stringify({ at, level, message, ...fields }, errorReplacer)}\n`, {
          mode: 0o600,
        });
      } catch (error) {
        // The log file is a convenience; losing it must not stop the app, but say so once per failure.
        process.stderr.write(`could not write log file ${options.file}: ${String(error)}\n`);
      }
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
