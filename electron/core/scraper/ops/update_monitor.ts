import { updateMonitor } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

// The new rules are checked first (a selector is checked by the library that reads pages, loaded on
// first use), then the change is written in its own short transaction.
export const updateMonitorOp = implement(
  updateMonitor,
  async (ctx, { monitor_id, ...patch }) => {
    await ctx.services.monitors.validate(patch.selectors, patch);
    return ctx.db.transaction(() => ctx.services.monitors.update(monitor_id, patch, ctx.events));
  },
  { transaction: false },
);
