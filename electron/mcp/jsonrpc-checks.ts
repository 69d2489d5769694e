import {
  ErrorCode,
  JSONRPCMessageSchema,
  JSONRPCNotificationSchema,
  JSONRPCRequestSchema,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { describeIssues, kindOf } from './schema-issues.js';

/**
 * A JSON-RPC error answer. `id` is null when the message's id could not be read (JSON-RPC 2.0,
 * section 5), which the SDK's message type leaves out, so replies are built and written as this.
 */
export interface ErrorReply {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: { code: number; message: string; data?: Record<string, unknown> };
}

export type Reading =
  | { kind: 'message'; message: JSONRPCMessage }
  /** Answer this, and log `reply.error.message`. */
  | { kind: 'reply'; reply: ErrorReply }
  /** A notification or response that cannot be handled: JSON-RPC answers neither, so only log it. */
  | { kind: 'ignore'; problem: string }
  | { kind: 'blank' };

/**
 * One line from a client as a message to handle, or the answer JSON-RPC 2.0 asks for: -32700 for
 * what is not JSON, -32600 for what is not a request (batches included: MCP 2025-06-18 removed them),
 * -32602 for a request whose params are not an object — with the request's id when it has a valid one.
 */
export function readMessage(text: string): Reading {
  if (text.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reply(
      null,
      ErrorCode.ParseError,
      `The message is not valid JSON (${(error as Error).message}); send one JSON-RPC message per line.`,
    );
  }
  if (Array.isArray(value)) {
    return reply(
      null,
      ErrorCode.InvalidRequest,
      'JSON-RPC batches are not supported (MCP 2025-06-18 removed them): send each message on its own line.',
    );
  }
  if (typeof value !== 'object' || value === null) {
    return reply(
      null,
      ErrorCode.InvalidRequest,
      `A JSON-RPC message is an object with "jsonrpc": "2.0"; this one is ${kindOf(value)}.`,
    );
  }
  const message = value as Record<string, unknown>;
  const id = isRequestId(message['id']) ? message['id'] : null;

  if (!('method' in message)) {
    if ('result' in message || 'error' in message) {
      // A client's answer to one of our requests (ping, elicitation): never answered back.
      const parsed = JSONRPCMessageSchema.safeParse(message);
      return parsed.success
        ? { kind: 'message', message: parsed.data }
        : { kind: 'ignore', problem: `A malformed response was ignored: ${describeIssues(parsed.error.issues)}` };
    }
    return reply(
      id,
      ErrorCode.InvalidRequest,
      'The message has no method: a request needs "method" (such as "tools/call"), "id" and "jsonrpc": "2.0".',
    );
  }

  // A message without an id is a notification, but only a well-formed one goes unanswered (section 5).
  const isRequest = 'id' in message;
  if (message['jsonrpc'] !== '2.0') return reply(id, ErrorCode.InvalidRequest, 'The message needs "jsonrpc": "2.0".');
  if (typeof message['method'] !== 'string') {
    return reply(id, ErrorCode.InvalidRequest, 'The message needs "method" as a string, such as "tools/call".');
  }
  if (isRequest && id === null) {
    return reply(null, ErrorCode.InvalidRequest, 'A request id is a string or an integer (not null, not a fraction).');
  }
  const params = message['params'];
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    return reply(
      id,
      isRequest ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest,
      `${message['method']}: params must be an object (MCP passes parameters by name), not ${kindOf(params)}.`,
    );
  }
  const parsed = (isRequest ? JSONRPCRequestSchema : JSONRPCNotificationSchema).safeParse(message);
  if (parsed.success) return { kind: 'message', message: parsed.data };
  const problem = `${message['method']}: ${describeIssues(parsed.error.issues, message)}`;
  const inParams = parsed.error.issues.every((issue) => issue.path[0] === 'params');
  if (!inParams) return reply(id, ErrorCode.InvalidRequest, problem);
  // A well-formed notification whose params are wrong (say, its _meta) is dropped, as its handler would.
  return isRequest ? reply(id, ErrorCode.InvalidParams, problem) : { kind: 'ignore', problem };
}

/**
 * The answer to a message over the size limit, of which only the ends were kept: the id is looked
 * for at the start (as most clients write it) and at the end (where the TypeScript SDK puts it).
 */
export function oversizedReply(piece: { bytes: number; head: string; tail: string }, limit: number): ErrorReply {
  return {
    jsonrpc: '2.0',
    id: idNearStart(piece.head) ?? idAtEnd(piece.tail) ?? null,
    error: {
      code: ErrorCode.InvalidRequest,
      message:
        `The message is ${mib(piece.bytes)}, over the ${mib(limit)} limit for one message over stdio, and was not read. ` +
        'For a large file, put it in a folder the person allowed and pass its path as upload_document’s file_path.',
      data: { limit_bytes: limit, message_bytes: piece.bytes },
    },
  };
}

/** Instead of an answer the client could not read: why, and how to ask for less. */
export function answerTooLarge(id: RequestId, bytes: number, limit: number): ErrorReply {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: ErrorCode.InvalidRequest,
      message:
        `The answer is ${mib(bytes)}, more than the ${mib(limit)} a stdio client reads in one message, so it was not sent. ` +
        'Ask for less: download_document with destination_path copies a document to a folder the person allowed instead.',
      data: { limit_bytes: limit, answer_bytes: bytes },
    },
  };
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/** A request id as the SDK accepts it: a string or an integer. */
function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || Number.isSafeInteger(value);
}

function reply(id: RequestId | null, code: number, message: string): Reading {
  return { kind: 'reply', reply: { jsonrpc: '2.0', id, error: { code, message } } };
}

/** A top-level "id" among the first members, read by walking the JSON as far as the head goes. */
function idNearStart(head: string): RequestId | undefined {
  let depth = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === '"') {
      const end = stringEnd(head, i);
      if (end === -1) return undefined;
      if (depth === 1 && head.slice(i, end) === '"id"') {
        const value = /^\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*[,}]/.exec(head.slice(end, end + 1024))?.[1];
        if (value !== undefined) return requestIdOf(value);
      }
      i = end - 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return undefined;
}

/** The index just past the string that opens at `start`, or -1 when it runs past the text. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/**
 * A top-level "id" among the last members: the object's end, with only scalar members after the id
 * (`…,"id":5,"jsonrpc":"2.0"}`), so an "id" nested in the params cannot be taken for it.
 */
const ID_AT_END =
  /[{,]\s*"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")(?:\s*,\s*"[^"\\]*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null))*\s*}\s*$/;

function idAtEnd(tail: string): RequestId | undefined {
  const value = ID_AT_END.exec(tail)?.[1];
  return value === undefined ? undefined : requestIdOf(value);
}

function requestIdOf(literal: string): RequestId | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return isRequestId(value) ? value : undefined;
  } catch {
    return undefined; // Not a literal after all (cut short): no id to answer with.
  }
}
