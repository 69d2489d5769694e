import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Loader,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconEye, IconEyeOff, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { claudeDesktopConfig, type AppInfo } from '../../../shared/settings.js';
import { toolsetLabel } from '../../../shared/toolsets.js';
import { ApiError } from '../api.js';
import { CopyValueButton } from '../components/CopyValueButton.js';
import { ClaudeDesktopLink } from './ClaudeDesktopLink.js';
import { errorMessage, notifySuccess } from '../notify.js';
import { useAssistantPermissions, useRevealToken, useRotateToken } from './settingsQueries.js';

export function McpConnectionSection({ info }: { info: AppInfo | undefined }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="mcp-section-title">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4" id="mcp-section-title">
            MCP connection
          </Title>
          <Text size="sm" c="dimmed">
            Let an AI assistant work in Officina. Everything it does shows up under Activity.
          </Text>
        </div>
        <ClaudeDesktopConfig info={info} />
        {info?.http_mcp_url && <HttpEndpoint url={info.http_mcp_url} />}
        <McpToken />
      </Stack>
    </Paper>
  );
}

function ClaudeDesktopConfig({ info }: { info: AppInfo | undefined }) {
  const given = useAssistantPermissions().data?.toolsets;
  // The toolsets assistants get that the person leaves out of this configuration.
  const [left, setLeft] = useState<string[]>([]);
  const chosen = given?.filter((toolset) => !left.includes(toolset)) ?? [];
  // Every toolset assistants get: no --toolsets, so Claude Desktop follows Assistant permissions as they change.
  const narrowed = given !== undefined && chosen.length < given.length;
  const config = info && claudeDesktopConfig(info, narrowed ? chosen : undefined);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4} size="h5">
          Claude Desktop
        </Title>
        {config && <CopyValueButton value={config} label="Copy configuration" />}
      </Group>
      <Text size="sm">
        Connect adds Officina to Claude Desktop&apos;s settings on this computer, keeping a copy of the file as it was.
        Or add this to <Code>claude_desktop_config.json</Code> yourself (in Claude Desktop: Settings → Developer → Edit
        Config), then restart Claude Desktop.
      </Text>
      {given && given.length > 0 && (
        <Checkbox.Group
          label="Toolsets Claude Desktop gets"
          description="All those assistants get (Assistant permissions, below), as you change them; leave some out and this configuration names the ones Claude Desktop keeps."
          value={chosen}
          onChange={(values) => setLeft(given.filter((toolset) => !values.includes(toolset)))}
        >
          <Group gap="md" mt={6}>
            {given.map((toolset) => (
              <Checkbox
                key={toolset}
                value={toolset}
                label={toolsetLabel(toolset)}
                // Claude Desktop needs at least one.
                disabled={chosen.length === 1 && chosen[0] === toolset}
              />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      {given && <ClaudeDesktopLink toolsets={narrowed ? chosen : undefined} />}
      {config ? (
        <Code block className="json-block" aria-label="Claude Desktop configuration">
          {config}
        </Code>
      ) : (
        <Skeleton height={120} />
      )}
    </Stack>
  );
}

function HttpEndpoint({ url }: { url: string }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4} size="h5">
          HTTP endpoint
        </Title>
        <CopyValueButton value={url} label="Copy URL" />
      </Group>
      <Text size="sm">
        MCP clients that speak Streamable HTTP connect here, sending the token below as a bearer token.
      </Text>
      <Code block>{url}</Code>
    </Stack>
  );
}

function McpToken() {
  const reveal = useRevealToken();
  const rotate = useRotateToken();
  const [confirming, setConfirming] = useState(false);
  // At most one of the two holds a token: each one's start forgets the other's.
  const token = rotate.data?.token ?? reveal.data?.token;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4} size="h5">
          Token
        </Title>
        <Group gap="xs">
          {token !== undefined && <CopyValueButton value={token} label="Copy token" />}
          {/* One button that changes its label, so keyboard focus stays on it. */}
          <Button
            size="xs"
            variant={token === undefined ? 'light' : 'default'}
            leftSection={
              reveal.isPending ? (
                <Loader size={12} aria-hidden />
              ) : token === undefined ? (
                <IconEye size={14} aria-hidden />
              ) : (
                <IconEyeOff size={14} aria-hidden />
              )
            }
            aria-busy={reveal.isPending}
            onClick={() => {
              if (reveal.isPending) return;
              if (token === undefined) {
                rotate.reset();
                reveal.mutate();
              } else {
                reveal.reset();
                rotate.reset();
              }
            }}
          >
            {token === undefined ? 'Show token' : 'Hide token'}
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconRefresh size={14} aria-hidden />}
            onClick={() => {
              rotate.reset();
              setConfirming(true);
            }}
          >
            Rotate token
          </Button>
        </Group>
      </Group>
      <Text size="sm">Anyone with this token can act in Officina as your assistant. Keep it private.</Text>
      {token !== undefined ? (
        <Code block aria-live="polite">
          {token}
        </Code>
      ) : (
        <Code block aria-hidden>
          {'•'.repeat(32)}
        </Code>
      )}
      {rotate.isSuccess && (
        <Alert color="teal" title="New token in force" role="status">
          The old token no longer works. Give this one to every MCP client that connects over HTTP.
        </Alert>
      )}
      {reveal.isError && (
        <Alert color="red" title="Could not show the token">
          {errorMessage(reveal.error)}
        </Alert>
      )}
      {confirming && (
        <RotateTokenDialog
          rotate={rotate}
          onClose={() => setConfirming(false)}
          onRotated={() => {
            reveal.reset();
            setConfirming(false);
            notifySuccess('MCP token rotated');
          }}
        />
      )}
    </Stack>
  );
}

function RotateTokenDialog({
  rotate,
  onClose,
  onRotated,
}: {
  rotate: ReturnType<typeof useRotateToken>;
  onClose: () => void;
  onRotated: () => void;
}) {
  // OFFICINA_TOKEN: the server cannot change it and says what to do instead.
  const conflict = rotate.error instanceof ApiError && rotate.error.code === 'conflict';
  return (
    <Modal opened onClose={onClose} title="Rotate the MCP token?" size="md">
      <Stack gap="md">
        <Text>
          Officina makes a new token and refuses the current one at once.{' '}
          <strong>Every client that uses the old token must be given the new one</strong>: MCP clients connected over
          HTTP, scripts, and other browsers signed in to <Code>officina serve</Code>.
        </Text>
        <Text size="sm" c="dimmed">
          You stay signed in here. Claude Desktop, started with the configuration above, talks to Officina directly and
          needs no token.
        </Text>
        {rotate.isError && (
          <Alert color="red" title={conflict ? 'This token cannot be rotated here' : 'Could not rotate the token'}>
            {errorMessage(rotate.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {rotate.isError ? 'Close' : 'Cancel'}
          </Button>
          {!conflict && (
            <Button
              color="red"
              loading={rotate.isPending}
              onClick={() => rotate.mutate(undefined, { onSuccess: onRotated })}
            >
              Rotate token
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
