import { requestChanges } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const requestChangesOp = implement(
  requestChanges,
  (ctx, input) => ctx.services.vault.review(ctx, 'request_changes', input.document_id, input.comment),
  { transaction: false },
);
