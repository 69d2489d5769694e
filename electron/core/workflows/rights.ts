import type { Ctx } from '../catalogue/context.js';
import type { Rights } from './service.js';

/** Whose rights a call carries into workflows: the person's (UI, CLI, the app itself) or an assistant's. */
export function rightsOf(ctx: Pick<Ctx, 'caller'>): Rights {
  const { caller } = ctx;
  if (caller.kind === 'mcp') return 'assistant';
  if (caller.kind === 'workflow') return caller.run?.rights ?? 'assistant';
  return 'person';
}
