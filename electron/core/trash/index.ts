import { listTrashOp } from './ops/list_trash.js';
import { purgeFromTrashOp } from './ops/purge_from_trash.js';

/** The trash of customers and products; each domain moves its records there and back (documents keep their own). */
export const trashOperations = [listTrashOp, purgeFromTrashOp];
