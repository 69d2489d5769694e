import { markMonitorNotificationsRead } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const markMonitorNotificationsReadOp = implement(markMonitorNotificationsRead, (ctx, input) => {
  if (input.monitor_id !== undefined && input.monitor_id !== null) ctx.services.monitors.row(input.monitor_id);
  return ctx.services.notifications.markRead(input, ctx.events);
});
