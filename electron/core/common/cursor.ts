import { OpError } from '../../../shared/errors.js';

/** Opaque keyset cursors: base64url JSON, tagged with the list they belong to. */
export function encodeCursor(list: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

export function decodeCursor(
  list: string,
  cursor: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed[0] === list &&
    parsed.length === shape.length + 1 &&
    shape.every((type, i) => typeof parsed[i + 1] === type);
  if (!valid) {
    throw new OpError(
      'invalid_input',
      'cursor is not valid here: pass the next_cursor of a previous page of this same list (same sort).',
      [{ path: 'cursor', message: 'Not a cursor of this list' }],
    );
  }
  return (parsed as unknown[]).slice(1) as (string | number)[];
}
