import { listActivityFacets } from '../../../../shared/activity.js';
import { implement } from '../../catalogue/operation.js';

export const listActivityFacetsOp = implement(listActivityFacets, (ctx) => ctx.services.activity.facets());
