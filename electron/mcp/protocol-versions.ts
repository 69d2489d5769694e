import {
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCErrorResponse,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * The MCP revisions Officina speaks are its SDK's: `initialize` settles on one of them (the client's
 * if the SDK knows it, else the newest). Revisions from 2026-07-28 on drop `initialize`: a client
 * names its revision in each request's _meta and starts with `server/discover`. Such a client, pinned
 * to a revision the SDK lacks, is told so in that revision's own terms (-32022, with the revisions
 * served), which it shows as the reason; a client that may fall back then uses `initialize`.
 */
export const SUPPORTED_REVISIONS: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;

/** "Unsupported protocol version", as the 2026-07-28 revision numbers it. */
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** Where a 2026-07-28-style request names its revision. */
const REVISION_META_KEY = 'io.modelcontextprotocol/protocolVersion';

/** The revision a request names, if it names one (2026-07-28 and later put it in every request's _meta). */
export function revisionOf(request: { params?: unknown }): string | undefined {
  const meta = (request.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  const revision = meta?.[REVISION_META_KEY];
  return typeof revision === 'string' ? revision : undefined;
}

/**
 * The refusal of a request that asks for a revision Officina does not speak: `server/discover` (the
 * first request of the revisions that have no `initialize`) or any request naming another revision.
 * Nothing for the rest.
 */
export function unsupportedRevision(request: {
  id: string | number;
  method: string;
  params?: unknown;
}): JSONRPCErrorResponse | undefined {
  const named = revisionOf(request);
  if (request.method !== 'server/discover' && (named === undefined || SUPPORTED_REVISIONS.includes(named))) {
    return undefined;
  }
  return {
    jsonrpc: '2.0',
    id: request.id,
    error: {
      code: UNSUPPORTED_PROTOCOL_VERSION,
      message: unsupportedRevisionMessage(named),
      data: { supported: [...SUPPORTED_REVISIONS], requested: named ?? 'unknown' },
    },
  };
}

export function unsupportedRevisionMessage(requested: string | undefined): string {
  return (
    `Officina does not speak MCP revision ${requested ?? '(none named)'}: it speaks ${SUPPORTED_REVISIONS.join(', ')} ` +
    `(the revisions of the MCP SDK it is built on). Connect without pinning a revision: the initialize ` +
    `handshake settles on ${LATEST_PROTOCOL_VERSION}.`
  );
}
