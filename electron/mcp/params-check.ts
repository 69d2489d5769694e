import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AnyObjectSchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type MessageExtraInfo,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { unsupportedRevision } from './protocol-versions.js';
import { describeParamsIssues } from './schema-issues.js';

type Handler<T extends AnyObjectSchema> = Parameters<typeof Server.prototype.setRequestHandler<T>>[1];

/**
 * The SDK's Server, checking each request against its method's schema before the SDK does. The SDK
 * parses in Protocol.setRequestHandler's wrapper and lets zod's error out as -32603 "internal error"
 * with the issues as a JSON dump; here the same schema answers -32602 with one line naming the field,
 * for every method and on every transport. A request for an MCP revision the SDK does not speak is
 * answered before that (protocol-versions.ts).
 */
export class ParamsCheckingServer extends Server {
  // Server's constructor registers handlers (initialize, ping, logging/setLevel) before this class's
  // fields would be set, so the map is made on first use, and declared here without an initialiser.
  declare private requestSchemas: Map<string, z.ZodType> | undefined;

  override setRequestHandler<T extends AnyObjectSchema>(schema: T, handler: Handler<T>): void {
    super.setRequestHandler(schema, handler);
    // The SDK checked that the schema has a method literal; our SDK's schemas are zod 4's.
    const object = schema as unknown as z.ZodObject<{ method: z.ZodLiteral<string> }>;
    (this.requestSchemas ??= new Map()).set(object.shape.method.value, object);
  }

  override async connect(transport: Transport): Promise<void> {
    await super.connect(
      new ParamsCheckedTransport(transport, (request) => unsupportedRevision(request) ?? this.paramsError(request)),
    );
  }

  /** -32602 for a request its method's schema refuses; nothing for a method not served (the SDK says -32601). */
  private paramsError(request: JSONRPCRequest): JSONRPCErrorResponse | undefined {
    const schema = this.requestSchemas?.get(request.method);
    const parsed = schema?.safeParse(request);
    if (!parsed || parsed.success) return undefined;
    return {
      jsonrpc: '2.0',
      id: request.id,
      error: {
        code: ErrorCode.InvalidParams,
        message: describeParamsIssues(request.method, parsed.error.issues, request),
      },
    };
  }
}

/** A transport whose requests pass `check` before the server sees them; those it refuses are answered here. */
class ParamsCheckedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  setProtocolVersion?: (version: string) => void;

  constructor(
    private readonly inner: Transport,
    check: (request: JSONRPCRequest) => JSONRPCErrorResponse | undefined,
  ) {
    // Whoever made the transport may listen already (the HTTP face's session map): they keep hearing.
    const closed = inner.onclose;
    const failed = inner.onerror;
    inner.onclose = () => {
      closed?.();
      this.onclose?.();
    };
    inner.onerror = (error) => {
      failed?.(error);
      this.onerror?.(error);
    };
    inner.onmessage = (message, extra) => {
      const refusal = 'method' in message && 'id' in message ? check(message) : undefined;
      if (!refusal) return this.onmessage?.(message, extra);
      this.onerror?.(new Error(`Answered a request with ${refusal.error.code}: ${refusal.error.message}`));
      inner.send(refusal).catch((error: unknown) => this.onerror?.(error as Error));
    };
    if (inner.setProtocolVersion) this.setProtocolVersion = (version) => inner.setProtocolVersion?.(version);
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
