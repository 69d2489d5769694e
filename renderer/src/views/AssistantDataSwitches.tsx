import { Stack, Switch, Text } from '@mantine/core';
import { DATA_KINDS, type DataKind } from '../../../shared/data-kinds.js';
import type { AssistantPermissions } from '../../../shared/permissions.js';

/** Each kind of data in the person's words: what it holds, never operation or schema names. */
export const DATA_KIND_TEXT: Record<DataKind, { label: string; holds: string; hidden: string; shared: string }> = {
  customers: {
    label: 'Customers',
    holds:
      'Names, email addresses, phone numbers, postal addresses and notes. When hidden, assistants can still ' +
      'work with orders, payments and shipments, without who they are for.',
    hidden: 'Assistants no longer see your customers',
    shared: 'Assistants can see your customers again',
  },
  sales: {
    label: 'Sales',
    holds: 'Products, prices and stock, orders, payments, shipments and sales figures.',
    hidden: 'Assistants no longer see your sales',
    shared: 'Assistants can see your sales again',
  },
  documents: {
    label: 'Documents',
    holds: 'The files in your vault: what they say, their names and details, earlier versions and reviews.',
    hidden: 'Assistants no longer see your documents',
    shared: 'Assistants can see your documents again',
  },
  activity: {
    label: 'Activity log',
    holds:
      'What was done in Officina, by whom and when. Even when shared, assistants never see the details of ' +
      'something they are not allowed to see or do themselves.',
    hidden: 'Assistants no longer see the activity log',
    shared: 'Assistants can see the activity log again',
  },
};

/**
 * "What assistants may see": one switch per kind of data. A hidden kind is hidden wherever an assistant
 * looks (tools, resources, prompts, the activity log), not only in the tools named after it.
 */
export function AssistantDataSwitches({
  permissions,
  busy,
  save,
}: {
  permissions: AssistantPermissions;
  busy: boolean;
  save: (change: Partial<AssistantPermissions>, done: string) => void;
}) {
  const hidden = new Set(permissions.hidden_data);
  const toggle = (kind: DataKind, shared: boolean) => {
    const next = DATA_KINDS.filter((k) => (k === kind ? !shared : hidden.has(k)));
    save({ hidden_data: next }, shared ? DATA_KIND_TEXT[kind].shared : DATA_KIND_TEXT[kind].hidden);
  };

  return (
    <Stack gap="xs" role="group" aria-label="What assistants may see">
      <div>
        <Text fw={500}>What assistants may see</Text>
        <Text size="sm" c="dimmed">
          Turn off what an assistant should not see. It stays hidden everywhere the assistant looks, whatever the tool,
          and tools that would show it are turned off for assistants.
        </Text>
      </div>
      {DATA_KINDS.map((kind) => (
        <Switch
          key={kind}
          label={DATA_KIND_TEXT[kind].label}
          description={DATA_KIND_TEXT[kind].holds}
          aria-label={`Assistants may see ${DATA_KIND_TEXT[kind].label.toLowerCase()}`}
          checked={!hidden.has(kind)}
          disabled={busy}
          onChange={(event) => toggle(kind, event.currentTarget.checked)}
        />
      ))}
    </Stack>
  );
}
