import { OpError } from '../../../../shared/errors.js';
import { revealMcpToken } from '../../../../shared/settings.js';
import { implement } from '../../catalogue/operation.js';

export const revealMcpTokenOp = implement(revealMcpToken, (ctx) => {
  const token = ctx.services.appInfo.token();
  if (!token)
    throw new OpError('not_found', 'This Officina has no HTTP token yet: start `officina serve` once to create it.');
  return { token };
});
