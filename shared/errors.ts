/** The error codes every face understands (DESIGN.md rule 2). */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'external',
  'io_error',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  /** Dotted path of the offending field, e.g. `address.country`; empty for the input as a whole. */
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}

/** The one envelope returned by IPC and HTTP. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  external: 502,
  // The disk (full, read-only, failing) would not take what was to be stored: RFC 4918's "Insufficient Storage".
  io_error: 507,
  internal: 500,
};

/**
 * A failure a person can act on. Thrown by operations; turned into the envelope (IPC, HTTP) or an
 * `isError` tool result (MCP) by the catalogue's faces.
 */
export class OpError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'OpError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ErrorBody {
    return this.issues?.length
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
