import { restoreDocumentVersion } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const restoreDocumentVersionOp = implement(
  restoreDocumentVersion,
  (ctx, input) => ctx.services.vault.restoreVersion(ctx, input.document_id, input.version_id),
  { transaction: false },
);
