import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The project root and the real CLI; out/node is built by test/global-setup.ts. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'bin', 'officina.mjs');

/** A real `officina mcp` process, driven by the SDK's Client over stdio. */
export interface McpProcess {
  name: string;
  call(tool: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** The tool's structuredContent, or a thrown error with the process's stderr. */
  data<T>(tool: string, args: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
  stderr(): string;
}

export async function startMcp(dataDir: string, name: string): Promise<McpProcess> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--log-level', 'warn'],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  const call = async (tool: string, args: Record<string, unknown>) =>
    (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
  return {
    name,
    call,
    async data<T>(tool: string, args: Record<string, unknown>) {
      const result = await call(tool, args);
      if (result.isError) throw new Error(`${name} ${tool}: ${JSON.stringify(result.content)}\nstderr:\n${stderr}`);
      return result.structuredContent as T;
    },
    close: () => client.close(),
    stderr: () => stderr,
  };
}
