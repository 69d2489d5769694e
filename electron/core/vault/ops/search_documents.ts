import { searchDocuments } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const searchDocumentsOp = implement(searchDocuments, (ctx, input) => ctx.services.vault.search(input));
