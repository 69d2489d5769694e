import { getCustomerAnalytics } from '../../../../shared/sales/analytics.js';
import { implement } from '../../catalogue/operation.js';

export const getCustomerAnalyticsOp = implement(getCustomerAnalytics, (ctx, input) =>
  ctx.services.analytics.customer(input),
);
