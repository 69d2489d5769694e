import { checkMonitorNow } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const checkMonitorNowOp = implement(
  checkMonitorNow,
  (ctx, input) =>
    ctx.services.monitors.check(input.monitor_id, (write) => ctx.db.transaction(() => write(ctx.events)), ctx.signal),
  { transaction: false },
);
