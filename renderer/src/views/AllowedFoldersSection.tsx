import { ActionIcon, Badge, Button, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api.js';
import { errorSentence } from '../errorWords.js';
import { useUnsavedChanges } from '../components/useUnsavedChanges.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { notifyError, notifySuccess } from '../notify.js';
import { useAllowedFolders, useChangeAllowedFolders } from './settingsQueries.js';

/**
 * Folders outside the vault that Officina may read files from and write new files to. A scraped page can
 * carry instructions to an assistant, so nothing outside these folders (and never a hidden file) is reachable.
 */
const noChange = () => {};

export function AllowedFoldersSection() {
  const folders = useAllowedFolders();
  const { add, remove } = useChangeAllowedFolders();
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // A folder typed but not yet allowed is an unsaved change too.
  const unsaved = useUnsavedChanges(path.trim() !== '', noChange, { guardPages: true });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    add.mutate(path.trim(), {
      onSuccess: () => {
        notifySuccess(`${path.trim()} allowed`);
        setPath('');
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'invalid_input') setProblem(errorSentence(error));
        else notifyError('Could not allow the folder', error);
      },
    });
  };

  return (
    <Paper withBorder p="md" radius="md">
      {unsaved.prompt}
      <Stack gap="md">
        <div>
          <Title order={3}>Allowed folders</Title>
          <Text c="dimmed" size="sm">
            Besides the vault, the only folders files may be read from or saved to. Hidden files are always refused, and
            nothing outside the vault is ever overwritten.
          </Text>
        </div>
        {folders.isError && (
          <ErrorNotice
            title="Could not load allowed folders"
            error={folders.error}
            onRetry={() => void folders.refetch()}
          />
        )}
        {folders.isPending && <Loader size="sm" aria-label="Loading allowed folders" />}
        {folders.data && (
          <Table aria-label="Allowed folders" layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {folders.data.vault}
                  </Text>
                </Table.Td>
                <Table.Td w={220}>
                  <Badge variant="light">vault</Badge>
                </Table.Td>
                <Table.Td w={60} />
              </Table.Tr>
              {folders.data.items.map((folder) => (
                <Table.Tr key={folder.path}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {folder.path}
                    </Text>
                    {folder.problem && (
                      <Text size="xs" c="red">
                        Not in use: {folder.problem}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={folder.source === 'cli' ? 'grape' : 'gray'}>
                      {folder.source === 'cli' ? 'from --allow-path' : 'added here'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {folder.source === 'settings' && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Stop allowing ${folder.path}`}
                        loading={remove.isPending && remove.variables === folder.path}
                        onClick={() =>
                          remove.mutate(folder.path, {
                            onSuccess: () => notifySuccess(`${folder.path} no longer allowed`),
                            onError: (error) => notifyError('Could not remove the folder', error),
                          })
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput
              label="Folder to allow"
              description="An absolute path to an existing folder, like /home/you/Exports"
              value={path}
              onChange={(event) => setPath(event.currentTarget.value)}
              error={problem}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={add.isPending} disabled={path.trim() === ''}>
              Allow folder
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
