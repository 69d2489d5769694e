import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import { errorMessage } from '../notify.js';
import { useClaudeDesktopLink, useClaudeDesktopStatus } from './settingsQueries.js';

/**
 * One button that puts Officina in Claude Desktop's settings (or takes it out), and what happened in
 * words: which file changed, where the copy of it as it was is kept, and that Claude Desktop needs a
 * restart. `toolsets`: the ones the person chose above (undefined: every toolset assistants get).
 */
export function ClaudeDesktopLink({ toolsets }: { toolsets: string[] | undefined }) {
  const status = useClaudeDesktopStatus();
  const { connect, disconnect } = useClaudeDesktopLink();
  const files = status.data?.config_files ?? [];
  const connected = files.some((file) => file.connected);
  const problem = files.find((file) => file.problem !== null)?.problem;
  const busy = connect.isPending || disconnect.isPending;
  const last = connect.isSuccess ? 'connected' : disconnect.isSuccess ? 'disconnected' : undefined;
  const reset = () => {
    connect.reset();
    disconnect.reset();
  };

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button
          size="xs"
          leftSection={<IconPlugConnected size={14} aria-hidden />}
          loading={connect.isPending}
          disabled={busy || status.isPending}
          onClick={() => {
            reset();
            connect.mutate(toolsets ? { toolsets } : {});
          }}
        >
          {connected ? 'Connect again with these settings' : 'Connect to Claude Desktop'}
        </Button>
        {connected && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlugConnectedX size={14} aria-hidden />}
            loading={disconnect.isPending}
            disabled={busy}
            onClick={() => {
              reset();
              disconnect.mutate();
            }}
          >
            Disconnect
          </Button>
        )}
        {status.data && !last && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {connected
              ? 'Officina is in Claude Desktop’s settings.'
              : status.data.can_connect
                ? 'Officina is not in Claude Desktop’s settings yet.'
                : 'Claude Desktop does not seem to be installed on this computer.'}
          </Text>
        )}
      </Group>
      {last === 'connected' && connect.data && (
        <Alert color="teal" title="Connected to Claude Desktop" role="status">
          <Stack gap={4}>
            <Text size="sm">Officina is now in Claude Desktop&apos;s settings. Restart Claude Desktop to use it.</Text>
            <ChangedFiles files={connect.data.files} />
          </Stack>
        </Alert>
      )}
      {last === 'disconnected' && disconnect.data && (
        <Alert color="gray" title="Disconnected from Claude Desktop" role="status">
          <Stack gap={4}>
            <Text size="sm">
              {disconnect.data.files.length > 0
                ? 'Officina is no longer in Claude Desktop’s settings. Restart Claude Desktop for it to take effect.'
                : 'Officina was not in Claude Desktop’s settings; nothing was changed.'}
            </Text>
            <ChangedFiles files={disconnect.data.files} />
          </Stack>
        </Alert>
      )}
      {(connect.isError || disconnect.isError) && (
        <Alert color="red" title="Claude Desktop’s settings were not changed" role="alert">
          {errorMessage(connect.error ?? disconnect.error)}
        </Alert>
      )}
      {problem && !connect.isError && !disconnect.isError && (
        <Alert color="yellow" title="Claude Desktop’s settings file needs fixing">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}

function ChangedFiles({ files }: { files: { path: string; backup_path: string | null }[] }) {
  if (files.length === 0) return null;
  return (
    <List size="sm" spacing={2}>
      {files.map((file) => (
        <List.Item key={file.path}>
          <Code>{file.path}</Code>
          {file.backup_path && (
            <Text size="xs" c="dimmed">
              The file as it was is kept beside it: <Code>{file.backup_path}</Code>
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}
