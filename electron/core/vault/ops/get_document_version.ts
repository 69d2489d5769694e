import { getDocumentVersion } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const getDocumentVersionOp = implement(getDocumentVersion, (ctx, input) =>
  ctx.services.vault.version(input.document_id, input.version_id),
);
