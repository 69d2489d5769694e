import { previewDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads the file and converts it outside any transaction: mammoth is slow on a large document.
export const previewDocumentOp = implement(
  previewDocument,
  (ctx, input) => ctx.services.vault.preview(input.document_id),
  { transaction: false },
);
