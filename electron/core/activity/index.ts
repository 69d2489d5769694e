import { exportActivityOp } from './ops/export_activity.js';
import { getActivityRetentionOp } from './ops/get_activity_retention.js';
import { listActivityOp } from './ops/list_activity.js';
import { listActivityFacetsOp } from './ops/list_activity_facets.js';
import { updateActivityRetentionOp } from './ops/update_activity_retention.js';
import { undoActivityOp } from './ops/undo_activity.js';

export { ActivityService } from './service.js';
export { ActivityPruner } from './retention.js';
export const activityOperations = [
  listActivityOp,
  listActivityFacetsOp,
  getActivityRetentionOp,
  updateActivityRetentionOp,
  exportActivityOp,
  undoActivityOp,
];
