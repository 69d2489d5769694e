import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { newRow, type SelectorRow } from './selectors.js';

/** Rows of name + CSS selector (+ an attribute such as href), for what to take from a page. */
export function SelectorEditor({
  rows,
  onChange,
  problems = {},
}: {
  rows: SelectorRow[];
  onChange: (rows: SelectorRow[]) => void;
  /** Messages by row name, from the server's answer. */
  problems?: Record<string, string>;
}) {
  const set = (key: number, patch: Partial<SelectorRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <Stack gap={6}>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No selectors: the page’s main text is what counts.
        </Text>
      )}
      {rows.map((row, index) => (
        <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={`Name of selector ${index + 1}`}
            placeholder="price"
            value={row.name}
            onChange={(e) => set(row.key, { name: e.currentTarget.value })}
            w={140}
          />
          <TextInput
            aria-label={`CSS selector ${index + 1}`}
            placeholder=".product .price"
            value={row.selector}
            onChange={(e) => set(row.key, { selector: e.currentTarget.value })}
            error={problems[row.name.trim() || `item ${index + 1}`]}
            style={{ flex: 1 }}
            ff="monospace"
          />
          <TextInput
            aria-label={`Attribute for selector ${index + 1}`}
            placeholder="text (or href, src…)"
            value={row.attribute}
            onChange={(e) => set(row.key, { attribute: e.currentTarget.value })}
            w={170}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Remove selector ${index + 1}`}
            onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
          >
            <IconX size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...rows, newRow()])}
        >
          Add a selector
        </Button>
      </Group>
    </Stack>
  );
}

/** The server names a bad selector by its path (selectors.<name>): show it on that row. */
export function selectorProblems(issues: readonly { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const match = /^selectors\.(.+)$/.exec(issue.path);
    if (match?.[1]) out[match[1]] = issue.message;
  }
  return out;
}
