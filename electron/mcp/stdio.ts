import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Officina } from '../core/app.js';
import { createMcpServer } from './server.js';

/**
 * Serves MCP on stdin/stdout (Claude Desktop). Nothing but protocol goes to stdout; a malformed
 * message is reported to the log and the server keeps going. Resolves when the client goes away.
 */
export async function serveStdio(app: Officina): Promise<void> {
  const server = createMcpServer(app);
  server.onerror = (error) => app.log.warn('MCP stdio error', { error });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
