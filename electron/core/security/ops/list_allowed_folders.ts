import { listAllowedFolders } from '../../../../shared/allowed-folders.js';
import { implement } from '../../catalogue/operation.js';

export const listAllowedFoldersOp = implement(listAllowedFolders, (ctx) => ctx.services.allowedFolders.list());
