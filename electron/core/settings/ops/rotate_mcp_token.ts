import { rotateMcpToken } from '../../../../shared/settings.js';
import { implement } from '../../catalogue/operation.js';

// No transaction: it writes a file, not the database (its activity entry is written right after).
export const rotateMcpTokenOp = implement(rotateMcpToken, (ctx) => ({ token: ctx.services.appInfo.rotateToken() }), {
  transaction: false,
});
