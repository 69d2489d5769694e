import { deleteDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const deleteDocumentOp = implement(
  deleteDocument,
  (ctx, input) => ctx.services.vault.delete(ctx, input.document_id),
  { transaction: false },
);
