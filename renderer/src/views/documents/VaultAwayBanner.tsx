import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import type { AppInfo } from '../../../../shared/settings.js';

/**
 * Said at the top of the vault while its folder is away (a disk unplugged, the folder moved): the
 * documents listed are kept, but their files cannot be opened or saved until it is back. The app
 * info says so, and a `vault.changed` event refreshes it the moment that changes.
 */
export function VaultAwayBanner({ info }: { info: AppInfo | undefined }) {
  if (!info || info.vault_available) return null;
  return (
    <Alert
      color="orange"
      title="The vault folder is not available"
      icon={<IconPlugConnectedX aria-hidden />}
      role="alert"
      data-testid="vault-away"
    >
      {info.vault_problem}
    </Alert>
  );
}
