import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Officina } from '../core/app.js';
import { OpError, type Envelope } from '../../shared/errors.js';
import { ClientLog } from './client-log.js';
import { ParamsCheckingServer } from './params-check.js';
import { registerPrompts } from './prompts.js';
import { ProtocolError } from './protocol-errors.js';
import { registerResources } from './resources.js';
import { serverInstructions } from './instructions.js';
import { toolList } from './tool-list.js';
import type { ToolOptions } from './tools.js';

/**
 * Where the server finds the app. `officina mcp` answers `initialize` before the store and the domains
 * are loaded (they are not needed for it) and loads them right after; `serve` has the app already.
 */
export interface AppSource {
  version: string;
  app(): Promise<Officina>;
  /** How this process lists its tools (`--output-schemas`). */
  tools?: ToolOptions;
}

export function appSource(app: Officina, tools: ToolOptions = {}): AppSource {
  const ready = Promise.resolve(app);
  return { version: app.config.version, app: () => ready, tools };
}

/**
 * An MCP server over the catalogue, on the SDK's low-level Server so that validation happens once, in
 * the catalogue (and rejected calls reach the activity log); requests whose params do not fit the
 * protocol's own schema are answered -32602 before that. One per connection; transports are separate.
 */
export function createMcpServer(source: AppSource): Server {
  const server = new ParamsCheckingServer(
    { name: 'officina', title: 'Officina', version: source.version },
    {
      capabilities: {
        tools: { listChanged: true },
        logging: {},
        resources: { subscribe: true, listChanged: true },
        prompts: {},
        completions: {},
      },
      instructions: serverInstructions(),
    },
  );
  registerResources(server, source);
  registerPrompts(server, source);
  const clientLog = new ClientLog(server);

  // Tell the client when the person changes which tools assistants may use (here or in another process).
  let unsubscribe: (() => void) | undefined;
  const watchPermissions = (app: Officina) => {
    unsubscribe ??= app.bus.subscribe((event) => {
      if (event.type === 'permissions.changed') {
        void server
          .sendToolListChanged()
          .catch((error: unknown) => app.log.debug('tools/list_changed not delivered', { error }));
      }
    });
  };
  onServerClose(server, () => unsubscribe?.());

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const app = await source.app();
    watchPermissions(app);
    return { tools: toolList.tools(app.catalogue.list('mcp'), source.tools) };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    let app: Officina;
    try {
      app = await source.app();
    } catch (error) {
      // E.g. a database written by a newer Officina: the assistant should relay the reason.
      const body =
        error instanceof OpError
          ? error.toBody()
          : { code: 'internal' as const, message: `Officina could not start: ${String(error)}` };
      return toToolResult({ ok: false, error: body });
    }
    watchPermissions(app);
    const client = server.getClientVersion();
    const progressToken = request.params._meta?.progressToken;
    const envelope = await app.catalogue.call(request.params.name, request.params.arguments ?? {}, {
      caller: { kind: 'mcp', name: client?.name ?? 'mcp client' },
      face: 'mcp',
      signal: extra.signal,
      progress:
        progressToken === undefined
          ? undefined
          : (progress, total, message) =>
              void extra
                .sendNotification({
                  method: 'notifications/progress',
                  params: {
                    progressToken,
                    progress,
                    ...(total === undefined ? {} : { total }),
                    ...(message ? { message } : {}),
                  },
                })
                .catch((error: unknown) => app.log.debug('progress notification not delivered', { error })),
      confirm: server.getClientCapabilities()?.elicitation ? (message) => askPerson(server, message) : undefined,
      onLog: (level, message) =>
        clientLog.send(extra, level, request.params.name, message, (error) =>
          app.log.debug('log notification not delivered', { error }),
        ),
    });
    // The spec's answer for a tool that does not exist is a protocol error; the call is in the activity log all the same.
    if (!envelope.ok && app.catalogue.contract(request.params.name) === undefined) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Unknown tool: ${request.params.name}. tools/list names the tools you can call.`,
      );
    }
    return toToolResult(envelope);
  });

  return server;
}

/** Asks the person, through the client, to allow a destructive call (MCP elicitation). */
async function askPerson(server: Server, message: string): Promise<boolean> {
  const answer = await server.elicitInput({
    message,
    requestedSchema: {
      type: 'object',
      properties: { allow: { type: 'boolean', title: 'Allow', description: 'Let the assistant make this change' } },
      required: ['allow'],
    },
  });
  return answer.action === 'accept' && answer.content?.['allow'] === true;
}

/**
 * Runs `fn` when the server closes, keeping whatever else is attached: the transports' wiring
 * (stdio, HTTP sessions) and the resources' subscriptions all need to hear about it.
 */
export function onServerClose(server: Server, fn: () => void): void {
  const previous = server.onclose;
  server.onclose = () => {
    previous?.();
    fn();
  };
}

/** Rule 2: success → structuredContent + text; failure → isError with the message, code and issues, no structuredContent. */
export function toToolResult(envelope: Envelope<unknown>): CallToolResult {
  if (envelope.ok) {
    return {
      content: [{ type: 'text', text: JSON.stringify(envelope.data) }],
      structuredContent: envelope.data as Record<string, unknown>,
    };
  }
  const { code, message, issues } = envelope.error;
  const details = issues?.length ? `\n${issues.map((i) => `- ${i.path || '(input)'}: ${i.message}`).join('\n')}` : '';
  return { isError: true, content: [{ type: 'text', text: `${message}\n(error code: ${code})${details}` }] };
}
