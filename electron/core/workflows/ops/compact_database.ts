import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compactDatabase } from '../../../../shared/workflows.js';
import { implement } from '../../catalogue/operation.js';

// Outside a transaction (VACUUM cannot run in one), in the write queue: no write of ours lands meanwhile.
export const compactDatabaseOp = implement(
  compactDatabase,
  (ctx) => {
    const size = () => statSync(ctx.db.path).size;
    const before = size();
    const started = performance.now();
    ctx.db.compact();
    return { file_bytes_before: before, file_bytes_after: size(), duration_ms: performance.now() - started };
  },
  { transaction: false },
);
