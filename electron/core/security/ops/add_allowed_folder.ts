import { addAllowedFolder } from '../../../../shared/allowed-folders.js';
import { implement } from '../../catalogue/operation.js';

export const addAllowedFolderOp = implement(addAllowedFolder, (ctx, input) =>
  ctx.services.allowedFolders.add(input.path, ctx.events),
);
