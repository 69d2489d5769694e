import { listDocuments } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const listDocumentsOp = implement(listDocuments, (ctx, input) => ctx.services.vault.list(input));
