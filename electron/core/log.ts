import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Rotation defaults: a few weeks of ordinary use per file, and a bounded total on disk. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_FILES_KEPT = 3;
/** A rotation lock older than this was left by a process that died mid-rotation. */
const STALE_LOCK_MS = 30_000;
const ROTATION_RETRY_MS = 60_000;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** JSON lines appended here, rotated by size into `<file>.1` … `<file>.<keep>`. */
  file?: string;
  /** Human-readable lines to stderr (never stdout: stdio MCP owns it). */
  stderr?: boolean;
  /** Rotate once the file reaches this size (default 5 MB). */
  maxBytes?: number;
  /** Rotated files kept (default 3). */
  keep?: number;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  if (options.file) mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  const file = options.file;
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const keep = options.keep ?? LOG_FILES_KEPT;
  let retryRotationAt = 0;
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const at = new Date().toISOString();
    if (options.stderr) {
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields, errorReplacer)}` : '';
      process.stderr.write(`${at} ${level.padEnd(5)} ${message}${extra}\n`);
    }
    if (file) {
      let size: number;
      try {
        size = appendLine(file, `${JSON.stringify({ at, level, message, ...fields }, errorReplacer)}\n`);
      } catch (error) {
        // The log file is a convenience; losing it must not stop the app, but say so once per failure.
        process.stderr.write(`could not write log file ${file}: ${String(error)}\n`);
        return;
      }
      if (size < maxBytes || Date.now() < retryRotationAt) return;
      try {
        rotate(file, maxBytes, keep);
      } catch (error) {
        // E.g. Windows refuses to rename a file another process holds open: try again in a while,
        // not on every line (which would also repeat this message on every line).
        retryRotationAt = Date.now() + ROTATION_RETRY_MS;
        process.stderr.write(`could not rotate log file ${file}: ${String(error)}\n`);
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

/**
 * Appends one line and returns the file's size after it. The file is opened by name for every line
 * (O_APPEND: one small write lands whole even with two processes appending), so after another
 * process rotates it the next line goes to the new file; fstat on the same descriptor counts both
 * processes' lines.
 */
function appendLine(file: string, line: string): number {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, line);
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/**
 * Shifts officina.log → .1 → .2 … → .<keep> (the oldest is overwritten). Two processes share the
 * file (the app and the stdio server), so one rotates at a time: a lock directory (mkdir is atomic)
 * makes the other skip, and the size is checked again under the lock so the file is never shifted
 * twice. A rename that finds nothing (ENOENT) is fine: there was nothing to keep at that step.
 */
export function rotate(file: string, maxBytes: number, keep: number): void {
  const lock = `${file}.rotating`;
  if (!takeLock(lock)) return;
  try {
    if (sizeOf(file) < maxBytes) return;
    // The kept files are <file>.1 … .n with no gaps: shift only those (keep may be large, n small).
    let newest = 0;
    while (newest < keep - 1 && existsSync(`${file}.${newest + 1}`)) newest++;
    for (let i = newest; i >= 0; i--) renameIfPresent(i === 0 ? file : `${file}.${i}`, `${file}.${i + 1}`);
  } finally {
    try {
      rmdirSync(lock);
    } catch {
      // Removed as stale by another process after a very long pause here; nothing to undo.
    }
  }
}

function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A process that died between mkdir and rmdir must not stop rotation forever.
  try {
    if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
    rmdirSync(lock);
    mkdirSync(lock);
    return true;
  } catch {
    return false;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
