import { Badge, Button, Center, EmptyState, Loader, Table, Text } from '@mantine/core';
import { IconArrowBackUp, IconTrash } from '@tabler/icons-react';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatDateTime, locale } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { formatSize } from './fileKinds.js';
import { useRestoreDeleted, useTrash } from './documentQueries.js';

export function TrashPanel({ onRestored }: { onRestored: (path: string) => void }) {
  const trash = useTrash(true);
  const restore = useRestoreDeleted();

  if (trash.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the trash" />
      </Center>
    );
  }
  if (trash.isError) {
    return <ErrorNotice title="Could not load the trash" error={trash.error} onRetry={() => void trash.refetch()} />;
  }
  if (trash.data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconTrash size={32} aria-hidden />}
        title="The trash is empty"
        description="Documents you delete, here or outside Officina, can be brought back from here."
        py="xl"
      />
    );
  }
  return (
    <div className="scroll-panel">
      <Table aria-label="Deleted documents" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Document</Table.Th>
            <Table.Th>Deleted</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>Kept as</Table.Th>
            <Table.Th>
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trash.data.items.map((doc) => (
            <Table.Tr key={doc.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {doc.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {doc.document_id}
                </Text>
              </Table.Td>
              <Table.Td>{formatDateTime(doc.deleted_at)}</Table.Td>
              <Table.Td>{formatSize(doc.size, locale)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={doc.in_trash ? 'gray' : 'yellow'} size="sm">
                  {doc.in_trash ? 'in the trash' : 'last version (deleted outside)'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconArrowBackUp size={14} aria-hidden />}
                  aria-label={`Restore ${doc.document_id}`}
                  disabled={restore.isPending}
                  onClick={() =>
                    restore.mutate(
                      { id: doc.id },
                      {
                        onSuccess: (back) => {
                          notifySuccess(`${back.document_id} restored`);
                          onRestored(back.document_id);
                        },
                        onError: (error) => notifyError(`Could not restore ${doc.document_id}`, error),
                      },
                    )
                  }
                >
                  Restore
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
