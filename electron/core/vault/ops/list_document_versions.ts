import { listDocumentVersions } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const listDocumentVersionsOp = implement(listDocumentVersions, (ctx, input) =>
  ctx.services.vault.versions(input.document_id, input.limit, input.offset),
);
