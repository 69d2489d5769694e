import { listActivityOp } from './ops/list_activity.js';
import { listActivityFacetsOp } from './ops/list_activity_facets.js';

export { ActivityService } from './service.js';
export const activityOperations = [listActivityOp, listActivityFacetsOp];
