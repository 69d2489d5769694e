import { statSync } from 'node:fs';
import { getDatabaseSpace } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

export const getDatabaseSpaceOp = implement(getDatabaseSpace, (ctx) => {
  const { sqlite } = ctx.db;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const free = sqlite.pragma('freelist_count', { simple: true }) as number;
  return {
    file_bytes: statSync(ctx.db.path).size,
    free_bytes: free * pageSize,
    gives_space_back: ctx.db.vacuumsIncrementally,
  };
});
