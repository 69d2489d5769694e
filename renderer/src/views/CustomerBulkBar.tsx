import { Button, Group, Paper, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconDownload, IconTag, IconTrash, IconUserOff, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Customer } from '../../../shared/customers.js';
import { call } from '../api.js';
import { downloadText } from '../download.js';
import { keys, refreshList } from '../live.js';
import { errorMessage, notifyError, notifySuccess } from '../notify.js';

type BulkResult = { done: number; failed: { name: string; why: string }[] };

/** Runs one call per customer, all of them, and says how many went through and which did not. */
async function each(customers: Customer[], run: (c: Customer) => Promise<unknown>): Promise<BulkResult> {
  const result: BulkResult = { done: 0, failed: [] };
  for (const customer of customers) {
    try {
      await run(customer);
      result.done++;
    } catch (error) {
      result.failed.push({ name: customer.name, why: errorMessage(error) });
    }
  }
  return result;
}

function tell(result: BulkResult, did: string): void {
  if (result.done > 0) notifySuccess(`${result.done} ${result.done === 1 ? 'customer' : 'customers'} ${did}`);
  if (result.failed.length > 0) {
    const first = result.failed[0];
    notifyError(
      `${result.failed.length} could not be changed`,
      new Error(first ? `${first.name}: ${first.why}${result.failed.length > 1 ? ' (and others)' : ''}` : ''),
    );
  }
}

/** A spreadsheet must not run a cell as a formula: such text gets a leading apostrophe, as exports do. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function customersCsv(customers: Customer[]): string {
  const header = ['name', 'email', 'phone', 'city', 'country', 'status', 'tags', 'notes'];
  const rows = customers.map((c) =>
    [
      c.name,
      c.email,
      c.phone ?? '',
      c.address?.city ?? '',
      c.address?.country ?? '',
      c.status,
      c.tags.join('; '),
      c.notes ?? '',
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

export interface CustomerBulkBarProps {
  selected: Customer[];
  onClear: () => void;
}

/** What the person can do to the customers they ticked: tag, set inactive, export, move to the trash. */
export function CustomerBulkBar({ selected, onClear }: CustomerBulkBarProps) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [tag, setTag] = useState('');
  const [tagging, setTagging] = useState(false);
  const count = `${selected.length} ${selected.length === 1 ? 'customer' : 'customers'}`;

  const run = async (did: string, action: (c: Customer) => Promise<unknown>) => {
    setBusy(true);
    try {
      tell(await each(selected, action), did);
    } finally {
      setBusy(false);
      refreshList(queryClient, keys.customers);
      void queryClient.invalidateQueries({ queryKey: keys.trash });
      onClear();
    }
  };

  return (
    <Paper withBorder p="xs" role="region" aria-label="Selected customers">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {count} selected
        </Text>
        <Popover opened={tagging} onChange={setTagging} trapFocus position="bottom-start" withArrow>
          <Popover.Target>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconTag size={14} aria-hidden />}
              disabled={busy}
              onClick={() => setTagging((o) => !o)}
            >
              Add tag
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const value = tag.trim();
                if (value === '') return;
                setTagging(false);
                setTag('');
                void run(`tagged “${value}”`, (c) =>
                  c.tags.includes(value)
                    ? Promise.resolve()
                    : call('update_customer', {
                        customer_id: c.id,
                        tags: [...c.tags, value],
                        expected_version: c.version,
                      }),
                );
              }}
            >
              <Stack gap="xs">
                <TextInput
                  label="Tag to add"
                  placeholder="vip"
                  value={tag}
                  onChange={(e) => setTag(e.currentTarget.value)}
                  data-autofocus
                />
                <Button type="submit" size="xs">
                  Add to {count}
                </Button>
              </Stack>
            </form>
          </Popover.Dropdown>
        </Popover>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconUserOff size={14} aria-hidden />}
          disabled={busy}
          onClick={() =>
            void run('set inactive', (c) =>
              c.status === 'inactive'
                ? Promise.resolve()
                : call('update_customer', { customer_id: c.id, status: 'inactive', expected_version: c.version }),
            )
          }
        >
          Set inactive
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconDownload size={14} aria-hidden />}
          disabled={busy}
          onClick={() => {
            downloadText(`customers-${selected.length}.csv`, 'text/csv; charset=utf-8', customersCsv(selected));
            notifySuccess(`Exported ${count}`);
          }}
        >
          Export
        </Button>
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          loading={busy}
          onClick={() =>
            void run('moved to the trash', (c) =>
              call('delete_customer', { customer_id: c.id, expected_version: c.version }),
            )
          }
        >
          Move to trash
        </Button>
        <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
