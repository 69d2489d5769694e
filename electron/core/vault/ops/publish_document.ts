import { publishDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const publishDocumentOp = implement(
  publishDocument,
  (ctx, input) => ctx.services.vault.publishDocument(ctx, input.document_id, input.comment),
  { transaction: false },
);
