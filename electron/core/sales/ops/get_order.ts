import { getOrder } from '../../../../shared/sales/orders.js';
import { implement } from '../../catalogue/operation.js';

export const getOrderOp = implement(getOrder, (ctx, input) => ctx.services.orders.get(input.order_id));
