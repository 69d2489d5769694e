import { restoreDeletedDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const restoreDeletedDocumentOp = implement(
  restoreDeletedDocument,
  (ctx, input) => ctx.services.vault.restoreDeleted(ctx, input),
  { transaction: false },
);
