import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  type CompleteRequest,
  type CompleteResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Officina } from '../core/app.js';
import { fromErrorBody, ProtocolError } from './protocol-errors.js';
import { loadApp, refusalOf } from './reads.js';
import type { AppSource } from './server.js';

export type Completion = CompleteResult['completion'];
export type CompletionRef = CompleteRequest['params']['ref'];
/** Suggestions for what was typed so far. */
export type Completer = (app: Officina, typed: string) => Promise<Completion>;

/** The spec's cap on the values of one completion answer. */
const MAX_VALUES = 100;

interface Completable {
  /** The operations the prompt or template reads through: while one is refused, so are its completions. */
  reads: readonly string[];
  completers: Readonly<Record<string, Completer>>;
}

/** Per server: ref → what completes its arguments. */
const registries = new WeakMap<Server, Map<string, Completable>>();

/**
 * Completion of a prompt's or resource template's arguments. A server has one completion/complete
 * handler, but its refs belong to resources and prompts, registered apart; each adds its own here and
 * the handler is installed with the first. Suggestions show data, so they follow what the person
 * shares: a ref whose reads are refused (a hidden kind of data, a tool turned off) refuses completion
 * with the same reason, like reading it would. An argument without a completer (free text, a cursor)
 * completes to nothing.
 */
export function addCompletions(
  server: Server,
  source: AppSource,
  ref: CompletionRef,
  reads: readonly string[],
  completers: Readonly<Record<string, Completer>>,
): void {
  let registry = registries.get(server);
  if (!registry) {
    const refs = new Map<string, Completable>();
    registry = refs;
    registries.set(server, refs);
    server.setRequestHandler(CompleteRequestSchema, async (request) => {
      const { ref: asked, argument } = request.params;
      const completable = refs.get(refKey(asked));
      if (!completable) {
        throw new ProtocolError(ErrorCode.InvalidParams, unknownRef(asked, [...refs.keys()]), { ref: asked });
      }
      const app = await loadApp(source);
      for (const operation of completable.reads) {
        const refusal = refusalOf(app, operation);
        if (refusal) {
          throw fromErrorBody({ code: 'forbidden', message: refusal }, `Cannot complete ${refKey(asked)}`, {
            data: { ref: asked },
          });
        }
      }
      const complete = completable.completers[argument.name];
      // Nothing to suggest; an empty answer keeps the client's input box working.
      if (!complete) return { completion: { values: [] } };
      return { completion: capped(await complete(app, argument.value)) };
    });
  }
  registry.set(refKey(ref), { reads, completers });
}

/** Fixed words (statuses, choices) that start with what was typed. */
export function words(values: readonly string[]): Completer {
  return (_app, typed) => Promise.resolve(startingWith(values, typed));
}

export function startingWith(values: readonly string[], typed: string): Completion {
  const wanted = typed.trim().toLowerCase();
  const found = values.filter((v) => v.toLowerCase().startsWith(wanted));
  return capped({ values: found, total: found.length, hasMore: false });
}

function capped(completion: Completion): Completion {
  if (completion.values.length <= MAX_VALUES) return completion;
  return {
    values: completion.values.slice(0, MAX_VALUES),
    total: completion.total ?? completion.values.length,
    hasMore: true,
  };
}

function refKey(ref: CompletionRef): string {
  return ref.type === 'ref/prompt' ? `prompt ${ref.name}` : `resource template ${ref.uri}`;
}

function unknownRef(ref: CompletionRef, known: string[]): string {
  const what = ref.type === 'ref/prompt' ? `prompt named "${ref.name}"` : `resource template ${ref.uri}`;
  return `Officina has no ${what} to complete arguments for. Completions exist for: ${known.join('; ')}.`;
}
