/**
 * The UI's Content-Security-Policy, sent as a header by both faces that show it: the desktop window
 * (electron/main) and `officina serve` (electron/mcp/http/static.ts). renderer/index.html carries the
 * same directives in a meta tag, minus frame-ancestors (which only a header can set); a test keeps
 * the two in step. Workers only from the app's own files: the Documents view's PDF preview runs pdf.js's
 * worker from the bundle (not from a blob: URL). Nothing is framed (PDFs are drawn onto canvases, not
 * shown by the browser's PDF plugin in a frame), and WebAssembly stays off (no 'wasm-unsafe-eval').
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; worker-src 'self'; frame-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
