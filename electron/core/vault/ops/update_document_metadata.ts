import { updateDocumentMetadata } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const updateDocumentMetadataOp = implement(updateDocumentMetadata, (ctx, input) =>
  ctx.services.vault.updateMetadata(ctx, input.document_id, input.metadata, input.expected_version),
);
