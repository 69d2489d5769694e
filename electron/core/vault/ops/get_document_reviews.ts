import { getDocumentReviews } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const getDocumentReviewsOp = implement(getDocumentReviews, (ctx, input) =>
  ctx.services.vault.reviews(input.document_id),
);
