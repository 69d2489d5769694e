import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The project root and the real CLI; out/node is built by test/global-setup.ts. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'bin', 'officina.mjs');

/** `officina mcp` on a data directory, with the vault inside it, as Claude Desktop starts it. */
export function mcpArgs(dataDir: string): string[] {
  return ['mcp', '--data-dir', dataDir, '--vault', join(dataDir, 'vault'), '--log-level', 'warn'];
}

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
    args: [CLI, ...mcpArgs(dataDir)],
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

/**
 * A bare JSON-RPC writer on a real `officina mcp`'s stdin, for what the SDK's client never sends
 * (malformed or oversized lines). Every stdout line is kept, in order.
 */
export class BareClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';
  private readonly waiting = new Map<number | string, (message: Record<string, unknown>) => void>();

  /** `args` are added to `officina mcp`'s; `env` to this process's environment. */
  constructor(dataDir: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [CLI, ...mcpArgs(dataDir), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      try {
        const message = JSON.parse(line) as Record<string, unknown>;
        const id = message['id'];
        if (typeof id === 'number' || typeof id === 'string') this.waiting.get(id)?.(message);
      } catch {
        // Kept in `lines`; the tests assert every line parses.
      }
    });
  }

  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Resolves with the answer to `id` (a message written by the caller), or rejects after `timeoutMs`. */
  answer(id: number | string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer to id ${JSON.stringify(id)}; stderr:\n${this.stderr}`)),
        timeoutMs,
      );
      this.waiting.set(id, (message) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(message);
      });
    });
  }

  request(id: number | string, method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const answer = this.answer(id);
    this.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return answer;
  }

  /** initialize, then notifications/initialized: ready for any request. */
  async initialize(name = 'bare-writer'): Promise<Record<string, unknown>> {
    const init = await this.request('init', 'initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name, version: '0.0.1' },
    });
    this.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    return init;
  }

  /** Closing stdin is how a client says goodbye; the server exits by itself. */
  end(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.once('exit', (code) => resolve(code));
      this.child.stdin.end();
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
