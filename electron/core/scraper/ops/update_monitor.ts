import { updateMonitor } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const updateMonitorOp = implement(updateMonitor, (ctx, { monitor_id, ...patch }) =>
  ctx.services.monitors.update(monitor_id, patch, ctx.events),
);
