/**
 * What /mcp and /.well-known answer before a request reaches the MCP SDK's transport. MCP clients
 * read JSON-RPC, not the app's envelope, and OAuth-aware clients (the Inspector, the Python SDK) act
 * on the 401's challenge and on what the discovery paths say: Officina takes a bearer token the person
 * copies from the app, and has no OAuth server to discover.
 */

/** JSON-RPC's "server error" range: our refusals here are not the spec's own codes. */
export const SERVER_ERROR = -32000;

/** A JSON-RPC error response, as an MCP client parses one from any answer on /mcp. */
export function jsonRpcError(
  code: number,
  message: string,
  data?: Record<string, unknown>,
  id: string | number | null = null,
): { jsonrpc: '2.0'; id: string | number | null; error: { code: number; message: string; data?: unknown } } {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

export const MCP_NEEDS_TOKEN =
  'Officina’s MCP endpoint needs the MCP token: send it as "Authorization: Bearer <token>". The person finds ' +
  'it in the Officina app under Settings → MCP connection (or in the file "token" in the data directory); ' +
  'or connect over stdio with `officina mcp` instead, which needs no token. Officina does not use OAuth, ' +
  'and signing in to the app does not open this endpoint.';

/**
 * RFC 6750's challenge for a missing or wrong token. Its error_description must be printable ASCII
 * without `"` or `\`, so it says the same as MCP_NEEDS_TOKEN in those characters.
 */
export const MCP_TOKEN_CHALLENGE =
  'Bearer realm="officina", error="invalid_token", error_description="Send the MCP token from Officina ' +
  '(Settings > MCP connection) as Authorization: Bearer <token>, or connect over stdio with officina mcp. ' +
  'Officina does not use OAuth."';

/**
 * Where OAuth-aware clients look for an authorization server: the discovery documents under
 * /.well-known/ (RFC 9728, RFC 8414, OpenID) and, when those are missing, the endpoints the MCP
 * revision 2025-03-26 told them to fall back to. None exists here; left to the UI's catch-all, GET
 * /authorize would show the app's page and POST /register a bare "method not allowed".
 */
export function isOAuthPath(path: string): boolean {
  return path.startsWith('/.well-known/') || OAUTH_FALLBACK_ENDPOINTS.has(path);
}

const OAUTH_FALLBACK_ENDPOINTS = new Set(['/authorize', '/token', '/register']);

/** The 404 of an OAuth path: a client that shows the body (the Inspector does) tells the person what to do. */
export function noOAuthMessage(path: string): string {
  return (
    `Officina serves nothing at ${path}: it has no OAuth authorization server. An MCP client sends the MCP ` +
    'token from Settings → MCP connection as "Authorization: Bearer <token>" to /mcp, or connects over stdio ' +
    '(`officina mcp`).'
  );
}
