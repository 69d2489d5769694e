import { getMonitorHistory } from '../../../../shared/monitors.js';
import { implement } from '../../catalogue/operation.js';

export const getMonitorHistoryOp = implement(getMonitorHistory, (ctx, input) => ctx.services.monitors.history(input));
