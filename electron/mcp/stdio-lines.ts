import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';

/**
 * The largest stdio message read, in bytes (the line, without its newline). The SDK's own limit is
 * 10 MiB, under what upload_document accepts inline (10 MB of content is 13.3 MiB as base64): 16 MiB
 * lets every upload the tool accepts through, and anything larger is a file to pass by file_path.
 */
export const STDIO_MESSAGE_LIMIT = 16 * 1024 * 1024;

/**
 * The longest answer sent: what the SDK's stdio client reads in one message (its ReadBuffer's limit,
 * which also holds up to a pipe's 64 KiB of what follows). A longer line makes that client close the
 * connection, and Claude Desktop is built on that SDK: an inline download of a 4.5 MB file did it.
 */
export const STDIO_ANSWER_LIMIT = STDIO_DEFAULT_MAX_BUFFER_SIZE - 128 * 1024;

/** How much of each end of an oversized line is kept: where a request's id is, in practice. */
const ENDS_KEPT = 4 * 1024;

export type StdioPiece =
  | { kind: 'line'; text: string }
  /** A line over the limit: its size and its two ends; the middle was never kept. */
  | { kind: 'oversized'; bytes: number; head: string; tail: string };

/**
 * Splits a byte stream into newline-delimited messages, never holding more than `limit` bytes of one.
 * A longer line is streamed past, keeping only its ends, so that it can be answered and the next
 * message read. (The SDK's reader throws at its limit and the server closes; it also copies the
 * whole buffer on every chunk.)
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private skipping: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(private readonly limit = STDIO_MESSAGE_LIMIT) {}

  /** The lines that `chunk` completes, in order. */
  push(chunk: Buffer): StdioPiece[] {
    const pieces: StdioPiece[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      this.take(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) break;
      pieces.push(this.endLine());
      start = newline + 1;
    }
    return pieces;
  }

  private take(part: Buffer): void {
    if (part.length === 0) return;
    if (this.skipping) {
      this.skipping.bytes += part.length;
      this.skipping.tail = lastBytes([this.skipping.tail, part], ENDS_KEPT);
      return;
    }
    if (this.size + part.length > this.limit) {
      const parts = [...this.chunks, part];
      const bytes = this.size + part.length;
      this.skipping = {
        bytes,
        head: Buffer.concat(parts, Math.min(ENDS_KEPT, bytes)),
        tail: lastBytes(parts, ENDS_KEPT),
      };
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private endLine(): StdioPiece {
    const skipped = this.skipping;
    if (skipped) {
      this.skipping = undefined;
      return {
        kind: 'oversized',
        bytes: skipped.bytes,
        head: skipped.head.toString('utf8'),
        tail: skipped.tail.toString('utf8'),
      };
    }
    const text = Buffer.concat(this.chunks, this.size).toString('utf8');
    this.chunks = [];
    this.size = 0;
    return { kind: 'line', text: text.endsWith('\r') ? text.slice(0, -1) : text };
  }
}

/** A copy of the last `count` bytes of `parts` taken together (a copy: the chunks are let go). */
function lastBytes(parts: readonly Buffer[], count: number): Buffer {
  const kept: Buffer[] = [];
  let size = 0;
  for (let i = parts.length - 1; i >= 0 && size < count; i--) {
    const part = parts[i] as Buffer;
    const piece = part.length > count - size ? part.subarray(part.length - (count - size)) : part;
    kept.unshift(piece);
    size += piece.length;
  }
  return Buffer.concat(kept, size);
}
