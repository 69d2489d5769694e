import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * The SDK's stdio transport (1.32) adds one `drain` listener per message while stdout is full; under a
 * burst of calls, removing thousands of listeners costs O(n²) and stalls the server for seconds
 * (measured: 1.4 s before the next call is served after 20k pipelined calls). Waiting on one shared
 * drain does the same job. Upstream: modelcontextprotocol/typescript-sdk#2706; drop this once it ships.
 */
export class SharedDrainStdioTransport extends StdioServerTransport {
  private drained: Promise<void> | null = null;
  private readonly out: NodeJS.WritableStream;

  constructor(stdin: NodeJS.ReadableStream = process.stdin, stdout: NodeJS.WritableStream = process.stdout) {
    super(stdin as never, stdout as never);
    this.out = stdout;
  }

  override send(message: JSONRPCMessage): Promise<void> {
    if (this.out.write(serializeMessage(message))) return Promise.resolve();
    return (this.drained ??= new Promise((resolve) =>
      this.out.once('drain', () => {
        this.drained = null;
        resolve();
      }),
    ));
  }
}
