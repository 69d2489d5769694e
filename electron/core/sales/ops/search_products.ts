import { searchProducts } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const searchProductsOp = implement(searchProducts, (ctx, input) => ctx.services.products.search(input));
