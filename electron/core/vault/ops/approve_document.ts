import { approveDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const approveDocumentOp = implement(
  approveDocument,
  (ctx, input) => ctx.services.vault.review(ctx, 'approve_document', input.document_id, input.comment),
  { transaction: false },
);
