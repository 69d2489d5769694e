import { Alert, Button, Code, Group, Loader, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import type { AppInfo } from '../../../shared/settings.js';
import { CopyValueButton } from '../components/CopyValueButton.js';
import { errorMessage } from '../notify.js';
import { useRevealToken } from './settingsQueries.js';

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
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={4} size="h5">
          Claude Desktop
        </Title>
        {info && <CopyValueButton value={info.claude_desktop_config} label="Copy configuration" />}
      </Group>
      <Text size="sm">
        Add this to <Code>claude_desktop_config.json</Code> (in Claude Desktop: Settings → Developer → Edit Config),
        then restart Claude Desktop.
      </Text>
      {info ? (
        <Code block className="json-block">
          {info.claude_desktop_config}
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
  const token = reveal.data?.token;
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
              if (token === undefined) reveal.mutate();
              else reveal.reset();
            }}
          >
            {token === undefined ? 'Show token' : 'Hide token'}
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
      {reveal.isError && (
        <Alert color="red" title="Could not show the token">
          {errorMessage(reveal.error)}
        </Alert>
      )}
    </Stack>
  );
}
