import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ErrorBody, ErrorCode as OpErrorCode } from '../../shared/errors.js';

/**
 * "Resource not found" as the protocol versions this SDK speaks (up to 2025-11-25) define it. The
 * 2026-07-28 revision (SEP-2164) moves it to -32602 and asks clients to keep accepting -32002, so this
 * stays right for old and new clients alike until the SDK negotiates that revision.
 */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * A JSON-RPC error whose message reaches the client as written. McpError prefixes its message with
 * "MCP error <code>: ", and the SDK's client prefixes it again when it rebuilds the error, so an
 * assistant would read the code twice before the part it can act on.
 */
export class ProtocolError extends McpError {
  constructor(code: number, message: string, data?: unknown) {
    super(code, message, data);
    this.message = message;
  }
}

/**
 * JSON-RPC codes for the catalogue's error codes. JSON-RPC has no "forbidden" (the person's settings
 * said no) or "conflict": "invalid request" says the request cannot be served as asked, where
 * "internal error" would read as a bug.
 */
const CODES: Record<OpErrorCode, number> = {
  invalid_input: ErrorCode.InvalidParams,
  not_found: ErrorCode.InvalidParams,
  forbidden: ErrorCode.InvalidRequest,
  conflict: ErrorCode.InvalidRequest,
  external: ErrorCode.InternalError,
  io_error: ErrorCode.InternalError,
  internal: ErrorCode.InternalError,
};

/**
 * A failed catalogue call as a protocol error. `what` says what was being done ("Cannot read
 * officina://customers/abc"), so the message names the value at fault even when the catalogue's
 * message names only the field.
 */
export function fromErrorBody(
  error: ErrorBody,
  what: string,
  options: { notFoundCode?: number; data?: Record<string, unknown> } = {},
): ProtocolError {
  const code = error.code === 'not_found' ? (options.notFoundCode ?? ErrorCode.InvalidParams) : CODES[error.code];
  return new ProtocolError(code, `${what}: ${error.message} (error code: ${error.code})`, {
    ...options.data,
    code: error.code,
    ...(error.issues?.length ? { issues: error.issues } : {}),
  });
}
