import { listDeletedDocuments } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const listDeletedDocumentsOp = implement(listDeletedDocuments, (ctx, input) =>
  ctx.services.vault.listDeleted(input.limit, input.offset),
);
