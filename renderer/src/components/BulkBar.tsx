import { Button, Group, Paper, Text } from '@mantine/core';
import { IconDownload, IconTrash, IconX } from '@tabler/icons-react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { downloadText } from '../download.js';
import { notifySuccess } from '../notify.js';
import { eachRecord, tellBulk } from './bulk.js';

export interface BulkRunOptions<T> {
  selected: readonly T[];
  /** How a record is named where it could not be changed ("Sencha", "Order #12"). */
  nameOf: (record: T) => string;
  nouns: [one: string, many: string];
  /** Brings the lists that show these records up to date once a run is over, whatever happened. */
  refresh: (queryClient: QueryClient) => void;
  onClear: () => void;
}

export interface BulkRun<T> {
  busy: boolean;
  /** "3 products" */
  count: string;
  /**
   * Runs `action` on every selected record (each its own call), says how many went through and which
   * did not, refreshes the lists and clears the selection. A record for which `notFor` gives a reason
   * is left as it is, and counted as not changed for that reason.
   */
  run: (did: string, action: (record: T) => Promise<unknown>, notFor?: (record: T) => string | null) => Promise<void>;
}

/** The busy state and the run of a bulk action, the same for every list with ticked records. */
export function useBulkRun<T>({ selected, nameOf, nouns, refresh, onClear }: BulkRunOptions<T>): BulkRun<T> {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [one, many] = nouns;
  const count = `${selected.length} ${selected.length === 1 ? one : many}`;

  const run: BulkRun<T>['run'] = async (did, action, notFor) => {
    setBusy(true);
    try {
      const reasons = selected.map((record) => notFor?.(record) ?? null);
      const result = await eachRecord(
        selected.filter((_, index) => reasons[index] === null),
        nameOf,
        action,
      );
      selected.forEach((record, index) => {
        const why = reasons[index];
        if (why) result.failed.push({ name: nameOf(record), why });
      });
      tellBulk(result, nouns, did);
    } finally {
      setBusy(false);
      refresh(queryClient);
      onClear();
    }
  };

  return { busy, count, run };
}

export interface BulkBarProps<T> {
  bulk: BulkRun<T>;
  /** The region's name for assistive technology and tests: "Selected customers". */
  label: string;
  onClear: () => void;
  /** Offered when the records can be exported: the file's name and its CSV. */
  exportCsv?: { fileName: string; csv: () => string } | undefined;
  /** Offered when the records can be moved to the trash: the call for one record. */
  trash?: ((record: T) => Promise<unknown>) | undefined;
  /** The bar's own actions, between the count and Export. */
  children?: ReactNode;
}

/** The frame of a bulk bar: how many are selected, the bar's own actions, then Export, Move to trash, Clear selection. */
export function BulkBar<T>({ bulk, label, onClear, exportCsv, trash, children }: BulkBarProps<T>) {
  const { busy, count, run } = bulk;
  return (
    <Paper withBorder p="xs" role="region" aria-label={label}>
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {count} selected
        </Text>
        {children}
        {exportCsv && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} aria-hidden />}
            disabled={busy}
            onClick={() => {
              downloadText(exportCsv.fileName, 'text/csv; charset=utf-8', exportCsv.csv());
              notifySuccess(`Exported ${count}`);
            }}
          >
            Export
          </Button>
        )}
        {trash && (
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden />}
            loading={busy}
            onClick={() => void run('moved to the trash', trash)}
          >
            Move to trash
          </Button>
        )}
        <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
