import type { z } from 'zod';
import { activityContracts } from './activity.js';
import { allowedFolderContracts } from './allowed-folders.js';
import { appPreferenceContracts } from './app-preferences.js';
import { backupContracts } from './backups.js';
import { claudeDesktopContracts } from './claude-desktop.js';
import { customerContracts } from './customers.js';
import type { Contract } from './operation.js';
import { permissionContracts } from './permissions.js';
import { salesContracts } from './sales/index.js';
import { monitorContracts } from './monitors.js';
import { scraperContracts } from './scraper.js';
import { settingsContracts } from './settings.js';
import { transferContracts } from './transfer.js';
import { trashContracts } from './trash.js';
import { vaultContracts } from './vault.js';
import { workflowContracts } from './workflows.js';

/** Every operation's contract. Core attaches `run`; the renderer's client is typed from this list. */
export const contracts = [
  ...customerContracts,
  ...salesContracts,
  ...transferContracts,
  ...backupContracts,
  ...vaultContracts,
  ...settingsContracts,
  ...claudeDesktopContracts,
  ...appPreferenceContracts,
  ...permissionContracts,
  ...activityContracts,
  ...allowedFolderContracts,
  ...scraperContracts,
  ...monitorContracts,
  ...workflowContracts,
  ...trashContracts,
] as const;

type AnyContract = (typeof contracts)[number];
export type OperationName = AnyContract['name'];
export type ContractOf<N extends OperationName> = Extract<AnyContract, { name: N }>;
export type InputOf<N extends OperationName> = z.input<ContractOf<N>['input']>;
export type OutputOf<N extends OperationName> = z.output<ContractOf<N>['output']>;

export const contractsByName: ReadonlyMap<string, Contract> = new Map(contracts.map((c) => [c.name, c]));
