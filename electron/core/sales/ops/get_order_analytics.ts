import { getOrderAnalytics } from '../../../../shared/sales/analytics.js';
import { implement } from '../../catalogue/operation.js';

export const getOrderAnalyticsOp = implement(getOrderAnalytics, (ctx, input) => ctx.services.analytics.orders(input));
