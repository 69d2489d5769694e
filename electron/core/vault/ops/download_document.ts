import { downloadDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const downloadDocumentOp = implement(
  downloadDocument,
  (ctx, input) => ctx.services.vault.download(ctx, input.document_id, input.destination_path),
  { transaction: false },
);
