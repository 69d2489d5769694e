import type { z } from 'zod';
import type { Contract } from '../../../shared/operation.js';
import type { Ctx } from './context.js';

export interface Operation<C extends Contract = Contract> {
  contract: C;
  run(ctx: Ctx, input: z.output<C['input']>): z.input<C['output']> | Promise<z.input<C['output']>>;
  /**
   * Writes run synchronously inside one SQLite transaction together with their activity entry, so an
   * acknowledged write is always logged. An operation that must await I/O between statements sets
   * this to false and keeps its own transactions short.
   */
  transaction: boolean;
  /**
   * false: runs outside the write queue (it writes through other calls or its own short
   * transactions, and may wait long: a workflow run). Its events are published after it answers.
   */
  queue?: boolean;
}

/** Attaches how an operation runs to its shared contract. */
export function implement<C extends Contract>(
  contract: C,
  run: Operation<C>['run'],
  options: { transaction?: boolean; queue?: boolean } = {},
): Operation<C> {
  return { contract, run, transaction: options.transaction ?? true, queue: options.queue };
}
