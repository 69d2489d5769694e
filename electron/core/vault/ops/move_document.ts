import { moveDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const moveDocumentOp = implement(
  moveDocument,
  (ctx, input) => ctx.services.vault.move(ctx, input.document_id, input.new_path, input.overwrite),
  { transaction: false },
);
