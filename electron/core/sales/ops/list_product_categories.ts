import { listProductCategories } from '../../../../shared/sales/products.js';
import { implement } from '../../catalogue/operation.js';

export const listProductCategoriesOp = implement(listProductCategories, (ctx) => ctx.services.products.categories());
