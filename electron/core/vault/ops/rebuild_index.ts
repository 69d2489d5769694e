import { rebuildIndex } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

// Reads and extracts first, then writes in its own short transaction (file I/O and PDFs are slow).
export const rebuildIndexOp = implement(
  rebuildIndex,
  async (ctx) => {
    const counts = await ctx.services.vaultWatcher.rebuild();
    // A rebuild can take a while: its outcome is logged (and reaches an MCP client as a log message).
    ctx.log.info(
      `Vault index rebuilt: ${counts.documents} documents (${counts.added} added, ${counts.changed} changed, ` +
        `${counts.removed} removed, ${counts.failed} unreadable).`,
    );
    return counts;
  },
  { transaction: false },
);
