import { getCustomerAnalytics } from '../../../../shared/sales/analytics.js';
import { implement } from '../../catalogue/operation.js';
import { figuresFor } from '../redact.js';

export const getCustomerAnalyticsOp = implement(getCustomerAnalytics, (ctx, input) =>
  figuresFor(ctx.access, ctx.services.analytics.customer(input)),
);
