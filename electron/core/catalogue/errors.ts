import type { z } from 'zod';
import { OpError, type ErrorIssue } from '../../../shared/errors.js';
import { toIoError } from '../common/files.js';

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return flatten(error.issues, []);
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): ErrorIssue[] {
  return issues.flatMap((raw) => {
    const issue = { ...raw, path: [...prefix, ...raw.path] };
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // "Invalid input" helps no one: report the branch the value was meant for, i.e. the first
      // whose complaint is not merely that the value has another type.
      const meant = issue.errors.find(
        (branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (meant) return flatten(meant, issue.path);
      // A union that says what it takes in its own words says it better than the list of types.
      if (issue.message && issue.message !== 'Invalid input')
        return [{ path: issue.path.join('.'), message: issue.message }];
      const expected = issue.errors.flatMap((b) => b.filter((i) => i.code === 'invalid_type').map((i) => i.expected));
      return [{ path: issue.path.join('.'), message: `Expected ${[...new Set(expected)].join(' or ')}` }];
    }
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
  if (code === 'SQLITE_FULL') {
    return new OpError('io_error', "The disk holding Officina's data is full; free some space and try again.");
  }
  if (
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_IOERR' ||
    (typeof code === 'string' && code.startsWith('SQLITE_IOERR_'))
  ) {
    return new OpError(
      'io_error',
      "Officina's database could not be written (the disk is read-only or failing); nothing was changed. Check the disk and try again.",
    );
  }
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof path === 'string') {
    const ioError = toIoError(error, { target: path });
    if (ioError) return ioError;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OpError('internal', `${operation} failed unexpectedly: ${message}. The details are in Officina's log.`);
}
