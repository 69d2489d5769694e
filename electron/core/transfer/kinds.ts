import { resolve } from 'node:path';
import type { DataKind } from '../../../shared/data-kinds.js';
import type { EXPORTABLE } from '../../../shared/transfer.js';
import type { Ctx } from '../catalogue/context.js';

/** What each entity's rows hold: orders name their customers. */
const ENTITY_KINDS: Record<(typeof EXPORTABLE)[number], readonly DataKind[]> = {
  customers: ['customers'],
  products: ['sales'],
  orders: ['sales', 'customers'],
};

/**
 * import_csv and export_csv serve an assistant whatever it may not see (their contracts redact every
 * kind they reveal), refusing here the calls that need a hidden kind: rows of that kind, or a file in
 * the vault (a document) when documents are hidden.
 */
export function requireKindsOf(
  ctx: Ctx,
  entity: keyof typeof ENTITY_KINDS,
  file?: { path: string | undefined; field: string; mode: 'read' | 'write' },
): void {
  for (const kind of ENTITY_KINDS[entity]) ctx.access.require(kind);
  if (!file?.path || !ctx.access.hidden.has('documents')) return;
  const { paths } = ctx.services;
  // As written first, so a path into the vault is refused before anything tells whether it exists;
  // then as resolved, for a way into the vault through a link.
  const resolved = () =>
    file.mode === 'read'
      ? paths.resolveForRead(file.path!, { field: file.field })
      : paths.resolveForWrite(file.path!, { field: file.field });
  if (paths.vaultRelative(resolve(file.path)) !== null || paths.vaultRelative(resolved()) !== null) {
    ctx.access.require('documents');
  }
}
