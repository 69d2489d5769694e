import { listMonitorNotifications } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const listMonitorNotificationsOp = implement(listMonitorNotifications, (ctx, input) => {
  if (input.monitor_id !== undefined && input.monitor_id !== null) ctx.services.monitors.row(input.monitor_id);
  return ctx.services.notifications.list(input);
});
