import { addAllowedFolderOp } from './ops/add_allowed_folder.js';
import { listAllowedFoldersOp } from './ops/list_allowed_folders.js';
import { removeAllowedFolderOp } from './ops/remove_allowed_folder.js';

export { AllowedFoldersService } from './allowed-folders.js';
export { PathGuard, type PathRules, type ReadOptions, type ResolveOptions } from './paths.js';
export const allowedFolderOperations = [listAllowedFoldersOp, addAllowedFolderOp, removeAllowedFolderOp];
