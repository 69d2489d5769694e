/**
 * The UI's Content-Security-Policy, sent as a header by both faces that show it: the desktop window
 * (electron/main) and `officina serve` (electron/mcp/http/static.ts). renderer/index.html carries the
 * same directives in a meta tag, minus frame-ancestors (which only a header can set); a test keeps
 * the two in step. frame-src allows blob: only, for the Documents view's PDF preview (a blob: URL made
 * from the file's bytes; nothing from outside the app is framed).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-src blob:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
