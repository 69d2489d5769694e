import type { z } from 'zod';
import type { DataKind } from './data-kinds.js';
import { nullAsAbsent } from './null-as-absent.js';

/** Where an operation may be called from. MCP and workflows are the assistant's faces. */
export type Face = 'mcp' | 'ui' | 'workflow';

export const ALL_FACES: readonly Face[] = ['mcp', 'ui', 'workflow'];
/** Operations that change what the assistant may do, or reveal its secrets: the person's UI only. */
export const PERSON_ONLY: readonly Face[] = ['ui'];

export interface Annotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** Everything about an operation except how it runs: shared by core, the faces and the renderer. */
export interface Contract<
  Name extends string = string,
  In extends z.ZodType = z.ZodType,
  Out extends z.ZodType = z.ZodType,
> {
  name: Name;
  title: string;
  /** Written for an AI reader: what it does, when to use it, what it returns. */
  description: string;
  input: In;
  output: Out;
  annotations: Annotations;
  faces: readonly Face[];
  /** Domain, for grouping in the UI (settings, activity filters). */
  domain: string;
  /**
   * The kinds of data a call shows its caller or leaves in the activity log, in its input, output or
   * errors. An assistant is refused an operation that reveals a kind the person keeps from it, unless
   * the operation `redacts` that kind.
   */
  reveals: readonly DataKind[];
  /**
   * Kinds (among `reveals`) the operation can serve a call without: it leaves them out of its answer
   * (reading `ctx.access.hidden`), or refuses the calls that need them itself. An assistant may call it
   * with these kinds hidden; its log entries stay hidden from assistants all the same.
   */
  redacts: readonly DataKind[];
}

export function defineContract<const Name extends string, In extends z.ZodType, Out extends z.ZodType>(
  contract: Omit<Contract<Name, In, Out>, 'faces' | 'redacts'> & {
    faces?: readonly Face[];
    redacts?: readonly DataKind[];
  },
): Contract<Name, In, Out> {
  if (!/^[a-z][a-z0-9_]*$/.test(contract.name)) {
    throw new Error(`Operation name "${contract.name}" must be snake_case`);
  }
  const redacts = contract.redacts ?? [];
  const stray = redacts.filter((kind) => !contract.reveals.includes(kind));
  if (stray.length > 0) {
    throw new Error(`Operation ${contract.name} redacts ${stray.join(', ')}, which it does not declare in reveals`);
  }
  const defined = { ...contract, faces: contract.faces ?? ALL_FACES, redacts };
  // One rule for every optional input on every face: null means "not given" (see null-as-absent.ts).
  // Rewritten when first read (a call, a tool list), not at import: a process holds the rewritten
  // copies only of the inputs it parses, not of all 150-odd operations.
  let input: In | undefined;
  Object.defineProperty(defined, 'input', {
    get: () => (input ??= nullAsAbsent(contract.input)),
    enumerable: true,
    configurable: true,
  });
  return defined;
}

export function isReadOnly(contract: Pick<Contract, 'annotations'>): boolean {
  return contract.annotations.readOnlyHint === true;
}
