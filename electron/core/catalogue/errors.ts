import type { z } from 'zod';
import { OpError, type ErrorIssue } from '../../../shared/errors.js';

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...issue.path, key].join('.'),
        message: `Unknown field "${key}"`,
      }));
    }
    return [{ path: issue.path.join('.'), message: issue.message }];
  });
}

/** Anything thrown by an operation becomes an OpError; unknown failures are `internal` and logged. */
export function toOpError(error: unknown, operation: string): OpError {
  if (error instanceof OpError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new OpError('conflict', 'The database is busy with another Officina process; try again in a moment.');
  }
  if (code === 'SQLITE_FULL') return new OpError('internal', 'The disk is full; free some space and try again.');
  const message = error instanceof Error ? error.message : String(error);
  return new OpError('internal', `${operation} failed unexpectedly: ${message}. The details are in Officina's log.`);
}
