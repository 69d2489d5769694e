import { deleteMonitor } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const deleteMonitorOp = implement(deleteMonitor, (ctx, input) =>
  ctx.services.monitors.delete(input.monitor_id, ctx.events),
);
