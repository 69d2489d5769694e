import { Badge, Group, Loader, Paper, SegmentedControl, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { contracts } from '../../../shared/contracts.js';
import type { Annotations, Contract } from '../../../shared/operation.js';
import type { AssistantPermissions } from '../../../shared/permissions.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { notifyError, notifySuccess } from '../notify.js';
import { AssistantDataSwitches, DATA_KIND_TEXT } from './AssistantDataSwitches.js';
import { useAssistantPermissions, useUpdateAssistantPermissions } from './settingsQueries.js';

/** The tools an assistant can be given, grouped by domain, in catalogue order. */
function assistantToolsByDomain(): [string, Contract[]][] {
  const groups = new Map<string, Contract[]>();
  for (const contract of contracts as readonly Contract[]) {
    if (!contract.faces.includes('mcp')) continue;
    groups.set(contract.domain, [...(groups.get(contract.domain) ?? []), contract]);
  }
  return [...groups.entries()];
}

const DOMAIN_TITLES: Record<string, string> = {
  customers: 'Customers',
  sales: 'Sales',
  data: 'Import and export',
  documents: 'Documents',
  settings: 'Settings',
  activity: 'Activity log',
};

/** The first kind of data a tool would show that the person hides from assistants, if any. */
function hiddenKindOf(tool: Contract, hidden: ReadonlySet<string>) {
  return tool.reveals.find((kind) => hidden.has(kind) && !tool.redacts.includes(kind));
}

function AnnotationBadges({ annotations }: { annotations: Annotations }) {
  return (
    <Group gap={4} wrap="nowrap">
      {annotations.readOnlyHint ? (
        <Badge size="xs" variant="light" color="gray">
          reads only
        </Badge>
      ) : (
        <Badge size="xs" variant="light" color="blue">
          changes data
        </Badge>
      )}
      {annotations.destructiveHint && (
        <Badge size="xs" variant="light" color="red">
          destructive
        </Badge>
      )}
      {annotations.idempotentHint && (
        <Badge size="xs" variant="light" color="gray">
          idempotent
        </Badge>
      )}
      {annotations.openWorldHint && (
        <Badge size="xs" variant="light" color="orange">
          reaches the internet
        </Badge>
      )}
    </Group>
  );
}

/**
 * What assistants (Claude Desktop, any MCP client, workflows) may do. Changes apply at once, also to an
 * assistant connected to another Officina process on the same data; turned-off tools vanish from its list.
 */
export function AssistantPermissionsSection() {
  const query = useAssistantPermissions();
  const update = useUpdateAssistantPermissions();

  const save = (change: Partial<AssistantPermissions>, done: string) =>
    update.mutate(change, {
      onSuccess: () => notifySuccess(done),
      onError: (error) => notifyError('Could not change assistant permissions', error),
    });

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="md">
        <div>
          <Title order={3}>Assistant permissions</Title>
          <Text c="dimmed" size="sm">
            What an assistant may do and see in Officina. Only you can change this: assistants cannot see or change
            these settings.
          </Text>
        </div>
        {query.isError && (
          <ErrorNotice
            title="Could not load assistant permissions"
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        )}
        {query.isPending && <Loader size="sm" aria-label="Loading assistant permissions" />}
        {query.data && <PermissionControls permissions={query.data} busy={update.isPending} save={save} />}
      </Stack>
    </Paper>
  );
}

function PermissionControls({
  permissions,
  busy,
  save,
}: {
  permissions: AssistantPermissions;
  busy: boolean;
  save: (change: Partial<AssistantPermissions>, done: string) => void;
}) {
  const disabled = new Set(permissions.disabled_tools);
  const hidden = new Set<string>(permissions.hidden_data);
  const readOnly = permissions.mode === 'read_only';
  const toggle = (name: string, allowed: boolean) => {
    const next = new Set(disabled);
    if (allowed) next.delete(name);
    else next.add(name);
    save(
      { disabled_tools: [...next] },
      allowed ? `${name} turned on for assistants` : `${name} turned off for assistants`,
    );
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <div>
          <Text fw={500}>Access</Text>
          <Text size="sm" c="dimmed">
            Read-only hides and refuses every tool that changes data.
          </Text>
        </div>
        <SegmentedControl
          aria-label="Assistant access"
          disabled={busy}
          value={permissions.mode}
          onChange={(mode) =>
            save(
              { mode: mode as AssistantPermissions['mode'] },
              mode === 'read_only' ? 'Assistants can now only read' : 'Assistants have full access again',
            )
          }
          data={[
            { value: 'full', label: 'Full access' },
            { value: 'read_only', label: 'Read-only' },
          ]}
        />
      </Group>
      <Switch
        label="Ask me before an assistant runs a destructive tool"
        description="Clients that cannot ask (no MCP elicitation) are refused such tools, with a message saying how to allow them."
        checked={permissions.confirm_destructive}
        disabled={busy}
        onChange={(event) =>
          save(
            { confirm_destructive: event.currentTarget.checked },
            event.currentTarget.checked ? 'Destructive tools now need your confirmation' : 'Confirmation turned off',
          )
        }
      />
      <AssistantDataSwitches permissions={permissions} busy={busy} save={save} />
      {assistantToolsByDomain().map(([domain, tools]) => (
        <div key={domain}>
          <Text fw={500} mb={4}>
            {DOMAIN_TITLES[domain] ?? domain}
          </Text>
          <Table striped highlightOnHover layout="fixed" aria-label={`${DOMAIN_TITLES[domain] ?? domain} tools`}>
            <Table.Tbody>
              {tools.map((tool) => {
                const blockedByMode = readOnly && tool.annotations.readOnlyHint !== true;
                const hiddenKind = hiddenKindOf(tool, hidden);
                const blocked = blockedByMode || hiddenKind !== undefined;
                return (
                  <Table.Tr key={tool.name}>
                    <Table.Td>
                      <Text size="sm">{tool.title}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {tool.name}
                      </Text>
                    </Table.Td>
                    <Table.Td w={300}>
                      <AnnotationBadges annotations={tool.annotations} />
                    </Table.Td>
                    <Table.Td w={210}>
                      <Switch
                        aria-label={`Allow ${tool.name}`}
                        label={
                          hiddenKind
                            ? `Off (${DATA_KIND_TEXT[hiddenKind].label.toLowerCase()} hidden)`
                            : blockedByMode
                              ? 'Off (read-only)'
                              : disabled.has(tool.name)
                                ? 'Off'
                                : 'On'
                        }
                        checked={!blocked && !disabled.has(tool.name)}
                        disabled={busy || blocked}
                        onChange={(event) => toggle(tool.name, event.currentTarget.checked)}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      ))}
    </Stack>
  );
}
