import { monitorWebsiteChanges } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const monitorWebsiteChangesOp = implement(
  monitorWebsiteChanges,
  async (ctx, input) => {
    const { monitors } = ctx.services;
    const selectors = input.selectors && Object.keys(input.selectors).length > 0 ? input.selectors : null;
    await monitors.validate(selectors, input);
    if (input.previous_content) {
      return monitors.compareWith(input.url, selectors, input, input.previous_content, ctx.signal);
    }
    const commit = <T>(write: (events: typeof ctx.events) => T): T => ctx.db.transaction(() => write(ctx.events));
    const existing = monitors.find(input.url, selectors);
    if (!existing) return monitors.create(input.url, selectors, input, commit, ctx.signal);
    if (input.interval !== undefined && input.interval !== null) {
      commit((events) => monitors.update(existing.id, { interval: input.interval ?? null }, events));
    }
    return monitors.check(existing.id, commit, ctx.signal);
  },
  { transaction: false },
);
