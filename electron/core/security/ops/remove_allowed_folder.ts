import { removeAllowedFolder } from '../../../../shared/allowed-folders.js';
import { implement } from '../../catalogue/operation.js';

export const removeAllowedFolderOp = implement(removeAllowedFolder, (ctx, input) =>
  ctx.services.allowedFolders.remove(input.path, ctx.events),
);
