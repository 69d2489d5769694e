import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { answerTooLarge, oversizedReply, readMessage, type ErrorReply } from './jsonrpc-checks.js';
import { LineReader, STDIO_ANSWER_LIMIT, STDIO_MESSAGE_LIMIT, type StdioPiece } from './stdio-lines.js';

/**
 * MCP over stdin/stdout, one JSON-RPC message per line. Unlike the SDK's StdioServerTransport (1.32),
 * which closes the connection on a message over its buffer limit and drops malformed lines without a
 * word, every line gets what JSON-RPC 2.0 asks for: a message over STDIO_MESSAGE_LIMIT or one that is
 * not a request is answered with an error (its id when it has one) and the next line is read as usual.
 * An answer over STDIO_ANSWER_LIMIT, which the client could not read, becomes an error it can.
 */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly lines: LineReader;
  private started = false;
  private drained: Promise<void> | null = null;

  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
    private readonly limit = STDIO_MESSAGE_LIMIT,
  ) {
    this.lines = new LineReader(limit);
  }

  private readonly onData = (chunk: Buffer): void => {
    for (const piece of this.lines.push(chunk)) {
      try {
        this.handle(piece);
      } catch (error) {
        // Thrown from a 'data' listener it would end the process; one message's failure must not.
        this.onerror?.(error as Error);
      }
    }
  };

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  start(): Promise<void> {
    if (this.started) throw new Error('The stdio transport is already started.');
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    return Promise.resolve();
  }

  private handle(piece: StdioPiece): void {
    if (piece.kind === 'oversized') return this.answer(oversizedReply(piece, this.limit));
    const reading = readMessage(piece.text);
    switch (reading.kind) {
      case 'message':
        return this.onmessage?.(reading.message);
      case 'reply':
        return this.answer(reading.reply);
      case 'ignore':
        return this.onerror?.(new Error(reading.problem));
      case 'blank':
        return;
    }
  }

  private answer(reply: ErrorReply): void {
    this.onerror?.(new Error(`Answered a malformed message with ${reply.error.code}: ${reply.error.message}`));
    void this.write(`${JSON.stringify(reply)}\n`);
  }

  send(message: JSONRPCMessage): Promise<void> {
    const text = serializeMessage(message);
    // Only a long text can be over in bytes (a UTF-16 unit is at most 3 bytes of UTF-8): the check costs nothing else.
    if (text.length > STDIO_ANSWER_LIMIT / 3 && 'result' in message) {
      const bytes = Buffer.byteLength(text);
      if (bytes > STDIO_ANSWER_LIMIT) {
        const reply = answerTooLarge(message.id, bytes, STDIO_ANSWER_LIMIT);
        this.onerror?.(new Error(`Did not send an answer too large for the client: ${reply.error.message}`));
        return this.write(`${JSON.stringify(reply)}\n`);
      }
    }
    return this.write(text);
  }

  /**
   * The SDK's transport adds one `drain` listener per message while stdout is full; under a burst of
   * calls, removing thousands of listeners costs O(n²) and stalls the server for seconds (measured:
   * 1.4 s before the next call is served after 20k pipelined calls). One shared drain does the same
   * job. Upstream: modelcontextprotocol/typescript-sdk#2706.
   */
  private write(text: string): Promise<void> {
    if (this.output.write(text)) return Promise.resolve();
    return (this.drained ??= new Promise((resolve) =>
      this.output.once('drain', () => {
        this.drained = null;
        resolve();
      }),
    ));
  }

  close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    // A flowing stdin keeps the process alive; pause it unless someone else still reads it.
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.onclose?.();
    return Promise.resolve();
  }
}
