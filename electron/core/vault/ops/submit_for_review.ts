import { submitForReview } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const submitForReviewOp = implement(
  submitForReview,
  (ctx, input) => ctx.services.vault.review(ctx, 'submit_for_review', input.document_id, input.comment),
  { transaction: false },
);
