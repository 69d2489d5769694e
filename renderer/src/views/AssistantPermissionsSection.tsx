import {
  Badge,
  Checkbox,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { contractsByName } from '../../../shared/contracts.js';
import type { Annotations, Contract } from '../../../shared/operation.js';
import type { AssistantPermissions } from '../../../shared/permissions.js';
import { toolsetAbout, toolsetLabel } from '../../../shared/toolsets.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { notifyError, notifySuccess } from '../notify.js';
import { AssistantDataSwitches, DATA_KIND_TEXT } from './AssistantDataSwitches.js';
import { assistantToolsets } from './assistantToolsets.js';
import { useAssistantPermissions, useUpdateAssistantPermissions } from './settingsQueries.js';

/** The tools an assistant can be given, by toolset, in catalogue order. */
function toolsByToolset(): [string, Contract[]][] {
  return assistantToolsets().map(({ name, tools }) => [
    name,
    tools.flatMap((tool) => contractsByName.get(tool) ?? []).filter((c) => c.faces.includes('mcp')),
  ]);
}

/** "Delete customer" → "delete customer", for the middle of a sentence. */
function lowerFirst(title: string): string {
  return title.charAt(0).toLowerCase() + title.slice(1);
}

/** The first kind of data a tool would show that the person hides from assistants, if any. */
function hiddenKindOf(tool: Contract, hidden: ReadonlySet<string>) {
  return tool.reveals.find((kind) => hidden.has(kind) && !tool.redacts.includes(kind));
}

function AnnotationBadges({ annotations }: { annotations: Annotations }) {
  return (
    <Group gap={4} wrap="wrap">
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
          can delete or overwrite
        </Badge>
      )}
      {annotations.idempotentHint && (
        <Badge size="xs" variant="light" color="gray">
          safe to repeat
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
  const given = new Set(permissions.toolsets);
  const readOnly = permissions.mode === 'read_only';
  const giveToolset = (toolset: string, on: boolean) => {
    const next = assistantToolsets()
      .map((t) => t.name)
      .filter((name) => (name === toolset ? on : given.has(name)));
    const label = toolsetLabel(toolset);
    save(
      { toolsets: next },
      on ? `Assistants now get the ${label} tools` : `Assistants no longer get the ${label} tools`,
    );
  };
  const toggle = (tool: Contract, allowed: boolean) => {
    const next = new Set(disabled);
    if (allowed) next.delete(tool.name);
    else next.add(tool.name);
    save(
      { disabled_tools: [...next] },
      allowed ? `Assistants may now ${lowerFirst(tool.title)}` : `Assistants may no longer ${lowerFirst(tool.title)}`,
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
      <div>
        <Text fw={500}>Toolsets</Text>
        <Text size="sm" c="dimmed">
          Give assistants only the groups of tools they need: every tool is something an assistant reads before it
          starts, and some clients slow down or cut the list off past about 40 tools. A new kind of tool (a scraper,
          workflows) stays off until you turn it on here.
        </Text>
      </div>
      {toolsByToolset().map(([toolset, tools]) => {
        const label = toolsetLabel(toolset);
        const on = given.has(toolset);
        return (
          <div key={toolset}>
            <Checkbox
              mb={6}
              label={
                <Text fw={500} span>
                  {label}
                </Text>
              }
              description={`${toolsetAbout(toolset) ?? ''} ${tools.length} ${tools.length === 1 ? 'tool' : 'tools'}.`.trim()}
              aria-label={`Give assistants the ${label} tools`}
              checked={on}
              disabled={busy}
              onChange={(event) => giveToolset(toolset, event.currentTarget.checked)}
            />
            <Table striped highlightOnHover layout="fixed" aria-label={`${label} tools`}>
              <Table.Tbody>
                {tools.map((tool) => {
                  const blockedByMode = readOnly && tool.annotations.readOnlyHint !== true;
                  const hiddenKind = hiddenKindOf(tool, hidden);
                  const blocked = !on || blockedByMode || hiddenKind !== undefined;
                  return (
                    <Table.Tr key={tool.name}>
                      <Table.Td>
                        <Text size="sm" c={on ? undefined : 'dimmed'}>
                          {tool.title}
                        </Text>
                      </Table.Td>
                      <Table.Td w={300}>
                        <AnnotationBadges annotations={tool.annotations} />
                      </Table.Td>
                      <Table.Td w={210}>
                        <Switch
                          aria-label={`Allow ${tool.title}`}
                          label={
                            !on
                              ? 'Off (toolset off)'
                              : hiddenKind
                                ? `Off (${DATA_KIND_TEXT[hiddenKind].label.toLowerCase()} hidden)`
                                : blockedByMode
                                  ? 'Off (read-only)'
                                  : disabled.has(tool.name)
                                    ? 'Off'
                                    : 'On'
                          }
                          checked={!blocked && !disabled.has(tool.name)}
                          disabled={busy || blocked}
                          onChange={(event) => toggle(tool, event.currentTarget.checked)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </div>
        );
      })}
    </Stack>
  );
}
