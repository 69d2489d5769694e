import { Button, Popover, Stack, TextInput } from '@mantine/core';
import { IconTag, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import type { Customer } from '../../../shared/customers.js';
import { call } from '../api.js';
import { BulkBar, useBulkRun } from '../components/BulkBar.js';
import { csvOf } from '../components/bulk.js';
import { keys, refreshList } from '../live.js';

export function customersCsv(customers: readonly Customer[]): string {
  return csvOf(
    ['name', 'email', 'phone', 'city', 'country', 'status', 'tags', 'notes'],
    customers.map((c) => [
      c.name,
      c.email,
      c.phone ?? '',
      c.address?.city ?? '',
      c.address?.country ?? '',
      c.status,
      c.tags.join('; '),
      c.notes ?? '',
    ]),
  );
}

export interface CustomerBulkBarProps {
  selected: Customer[];
  onClear: () => void;
}

/** What the person can do to the customers they ticked: tag, set inactive, export, move to the trash. */
export function CustomerBulkBar({ selected, onClear }: CustomerBulkBarProps) {
  const bulk = useBulkRun({
    selected,
    nameOf: (c) => c.name,
    nouns: ['customer', 'customers'],
    refresh: (queryClient) => {
      refreshList(queryClient, keys.customers);
      void queryClient.invalidateQueries({ queryKey: keys.trash });
    },
    onClear,
  });
  const { busy, count, run } = bulk;
  const [tag, setTag] = useState('');
  const [tagging, setTagging] = useState(false);

  return (
    <BulkBar
      bulk={bulk}
      label="Selected customers"
      onClear={onClear}
      exportCsv={{ fileName: `customers-${selected.length}.csv`, csv: () => customersCsv(selected) }}
      trash={(c) => call('delete_customer', { customer_id: c.id, expected_version: c.version })}
    >
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
    </BulkBar>
  );
}
