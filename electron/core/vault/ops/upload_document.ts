import { uploadDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const uploadDocumentOp = implement(uploadDocument, (ctx, input) => ctx.services.vault.upload(ctx, input), {
  transaction: false,
});
