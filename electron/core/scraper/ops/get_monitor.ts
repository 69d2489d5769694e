import { getMonitor } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const getMonitorOp = implement(getMonitor, (ctx, input) => ctx.services.monitors.get(input.monitor_id));
