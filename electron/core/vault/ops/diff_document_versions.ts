import { diffDocumentVersions } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const diffDocumentVersionsOp = implement(diffDocumentVersions, (ctx, input) =>
  ctx.services.vault.diff(input.document_id, input),
);
