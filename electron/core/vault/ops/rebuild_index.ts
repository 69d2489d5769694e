import { rebuildIndex } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const rebuildIndexOp = implement(rebuildIndex, (ctx) => ctx.services.vaultWatcher.rebuild(), {
  transaction: false,
});
