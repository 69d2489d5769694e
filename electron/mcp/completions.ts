import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  type CompleteRequest,
  type CompleteResult,
} from '@modelcontextprotocol/sdk/types.js';
import { ProtocolError } from './protocol-errors.js';

export type Completion = CompleteResult['completion'];
export type CompletionRef = CompleteRequest['params']['ref'];
export type Completer = (value: string) => Promise<Completion>;

/** Per server: ref → argument name → completer. */
const registries = new WeakMap<Server, Map<string, Map<string, Completer>>>();

/**
 * Adds a completer for one argument of a prompt or resource template. A server has one
 * completion/complete handler, but its arguments belong to resources and prompts, registered apart;
 * each adds its own here and the handler is installed with the first.
 */
export function addCompleter(server: Server, ref: CompletionRef, argument: string, completer: Completer): void {
  let registry = registries.get(server);
  if (!registry) {
    const refs = new Map<string, Map<string, Completer>>();
    registry = refs;
    registries.set(server, refs);
    server.setRequestHandler(CompleteRequestSchema, async (request) => {
      const { ref: asked, argument: arg } = request.params;
      const byArgument = refs.get(refKey(asked));
      if (!byArgument) {
        throw new ProtocolError(ErrorCode.InvalidParams, unknownRef(asked, [...refs.keys()]), { ref: asked });
      }
      const complete = byArgument.get(arg.name);
      // A free-text argument has nothing to suggest; an empty answer keeps the client's input box working.
      if (!complete) return { completion: { values: [] } };
      return { completion: await complete(arg.value) };
    });
  }
  const key = refKey(ref);
  const byArgument = registry.get(key) ?? new Map<string, Completer>();
  byArgument.set(argument, completer);
  registry.set(key, byArgument);
}

function refKey(ref: CompletionRef): string {
  return ref.type === 'ref/prompt' ? `prompt ${ref.name}` : `resource template ${ref.uri}`;
}

function unknownRef(ref: CompletionRef, known: string[]): string {
  const what = ref.type === 'ref/prompt' ? `prompt named "${ref.name}"` : `resource template ${ref.uri}`;
  return `Officina has no ${what} to complete arguments for. Completions exist for: ${known.join('; ')}.`;
}
