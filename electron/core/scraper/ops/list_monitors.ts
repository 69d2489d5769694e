import { listMonitors } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const listMonitorsOp = implement(listMonitors, (ctx, input) => ctx.services.monitors.list(input));
