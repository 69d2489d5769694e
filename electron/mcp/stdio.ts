import { createMcpServer, onServerClose, type AppSource } from './server.js';
import { StdioTransport } from './stdio-transport.js';

/**
 * Serves MCP on stdin/stdout (Claude Desktop). Nothing but protocol goes to stdout; a malformed or
 * oversized message is answered with a JSON-RPC error, reported to the log, and the server keeps
 * going. Resolves when the client goes away.
 */
export async function serveStdio(source: AppSource, onError: (error: Error) => void): Promise<void> {
  const server = createMcpServer(source);
  server.onerror = onError;
  // The client has its answer to initialize: now is the time to load the rest.
  server.oninitialized = () => void source.app().catch(() => undefined);
  const transport = new StdioTransport();
  const closed = new Promise<void>((resolve) => {
    onServerClose(server, resolve);
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
