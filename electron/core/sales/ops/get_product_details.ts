import { getProductDetails } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const getProductDetailsOp = implement(getProductDetails, (ctx, input) => ctx.services.products.get(input));
