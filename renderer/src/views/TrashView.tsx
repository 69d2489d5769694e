import {
  Alert,
  Anchor,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconRestore, IconTrash, IconTrashX } from '@tabler/icons-react';
import { useState } from 'react';
import type { TrashItem } from '../../../shared/trash.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { formatDateTime } from '../format.js';
import { errorMessage, notifyError, notifySuccess } from '../notify.js';
import { href } from '../router.js';
import { SortTh } from '../components/SortHeader.js';
import { usePurgeFromTrash, useRestoreFromTrash, useTrash, type TrashSort } from './trashQueries.js';

const KIND: Record<TrashItem['entity'], string> = { customer: 'Customer', product: 'Product' };

/** Deleted customers and products, restorable; deleting for good is the person's alone. */
export function TrashView() {
  // Most recently deleted first until a header sorts it another way.
  const [sort, setSort] = useState<TrashSort>({ column: 'deleted_at', order: 'desc' });
  const trash = useTrash(sort);
  const restore = useRestoreFromTrash();
  const [purging, setPurging] = useState<TrashItem | null>(null);
  const items = trash.data?.items ?? [];

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Trash</Title>
        <Text c="dimmed" size="sm">
          Customers and products deleted by you or your assistant. Restore them as they were, or delete them for good.
          Deleted documents are in <Anchor href={href('/documents')}>Documents</Anchor>.
        </Text>
      </div>
      {trash.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading the trash" />
        </Center>
      ) : trash.isError ? (
        <ErrorNotice title="Could not load the trash" error={trash.error} onRetry={() => void trash.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconTrash size={32} aria-hidden />}
          title="The trash is empty"
          description="Deleted customers and products wait here until you restore them or delete them for good."
          py="xl"
        />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Trash" verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <SortTh label="Kind" column="entity" kind="text" sort={sort} onSort={setSort} />
                <SortTh label="Name" column="name" kind="text" sort={sort} onSort={setSort} />
                <Table.Th visibleFrom="sm">Email or SKU</Table.Th>
                <SortTh label="Deleted" column="deleted_at" kind="date" sort={sort} onSort={setSort} />
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={`${item.entity}-${item.id}`}>
                  <Table.Td>{KIND[item.entity]}</Table.Td>
                  <Table.Td>{item.name}</Table.Td>
                  <Table.Td visibleFrom="sm">{item.detail}</Table.Td>
                  <Table.Td>{formatDateTime(item.deleted_at)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconRestore size={14} aria-hidden />}
                        aria-label={`Restore ${item.name}`}
                        loading={restore.isPending && restore.variables.id === item.id}
                        onClick={() =>
                          restore.mutate(item, {
                            onSuccess: () => notifySuccess(`${item.name} restored`),
                            onError: (error) => notifyError(`Could not restore ${item.name}`, error),
                          })
                        }
                      >
                        Restore
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${item.name} for good`}
                        leftSection={<IconTrashX size={14} aria-hidden />}
                        onClick={() => setPurging(item)}
                      >
                        Delete for good
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {purging && <PurgeDialog item={purging} onClose={() => setPurging(null)} />}
    </Stack>
  );
}

function PurgeDialog({ item, onClose }: { item: TrashItem; onClose: () => void }) {
  const purge = usePurgeFromTrash();
  return (
    <Modal opened onClose={onClose} title="Delete for good?">
      <Stack gap="md">
        <Text>
          Delete <strong>{item.name}</strong> for good? It cannot be restored afterwards.
        </Text>
        {purge.isError && (
          <Alert color="red" title="Could not delete it">
            {errorMessage(purge.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={purge.isPending}
            onClick={() =>
              purge.mutate(
                { entity: item.entity, id: item.id },
                {
                  onSuccess: () => {
                    notifySuccess(`${item.name} deleted for good`);
                    onClose();
                  },
                },
              )
            }
          >
            Delete for good
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
