import { retryMonitorNotification } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const retryMonitorNotificationOp = implement(retryMonitorNotification, (ctx, input) =>
  ctx.services.notifications.retry(input.delivery_id, ctx.events),
);
