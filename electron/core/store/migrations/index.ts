import type { SqliteDatabase } from '../sqlite.js';
import { m001Foundation } from './001-foundation.js';
import { m002Sales } from './002-sales.js';
import { m003Vault } from './003-vault.js';
import { m004VaultBlobs } from './004-vault-blobs.js';
import { m005SalesCustomers } from './005-sales-customers.js';
import { m006VaultVersionNumbers } from './006-vault-version-numbers.js';
import { m007PersonSessions } from './007-person-sessions.js';
import { m008VaultNormalizedPaths } from './008-vault-normalized-paths.js';
import { m009Monitors } from './009-monitors.js';
import { m010Workflows } from './010-workflows.js';
import { m011MonitorRenderNotifications } from './011-monitor-render-notifications.js';
import { m014TrashAndActivitySentences } from './014-trash-and-activity-sentences.js';
import { m015RefundItems } from './015-refund-items.js';
import { m016StockThresholdsAndDiscounts } from './016-stock-thresholds-and-discounts.js';
import { m017WorkflowTriggerChains } from './017-workflow-trigger-chains.js';
import { m018OrderImportRefs } from './018-order-import-refs.js';

export interface Migration {
  id: number;
  name: string;
  up(db: SqliteDatabase): void;
}

/** Forward-only and append-only: never edit a migration that has landed, add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  m001Foundation,
  m002Sales,
  m003Vault,
  m004VaultBlobs,
  m005SalesCustomers,
  m006VaultVersionNumbers,
  m007PersonSessions,
  m008VaultNormalizedPaths,
  m009Monitors,
  m010Workflows,
  m011MonitorRenderNotifications,
  m014TrashAndActivitySentences,
  m015RefundItems,
  m016StockThresholdsAndDiscounts,
  m017WorkflowTriggerChains,
  m018OrderImportRefs,
];
