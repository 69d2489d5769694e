import { Button, Loader, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconTable } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { InputOf } from '../../../../shared/contracts.js';
import type { EXPORTABLE } from '../../../../shared/transfer.js';
import { call } from '../../api.js';
import { downloadBase64, downloadText } from '../../download.js';
import { formatCount } from '../../format.js';
import { notifyError, notifyInfo, notifySuccess } from '../../notify.js';

type Entity = (typeof EXPORTABLE)[number];
/** The list's filters, as export_csv takes them. */
export type ExportFilters = Omit<InputOf<'export_csv'>, 'entity' | 'format' | 'destination_path'>;

const NOUNS: Record<Entity, [one: string, many: string]> = {
  customers: ['customer', 'customers'],
  products: ['product', 'products'],
  orders: ['order', 'orders'],
};
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportMenuProps {
  entity: Entity;
  /** What the list shows is what is exported. */
  filters: ExportFilters;
  filtered: boolean;
}

/** Downloads the list, as far as its filters select it, as CSV or as an Excel workbook. */
export function ExportMenu({ entity, filters, filtered }: ExportMenuProps) {
  const [one, many] = NOUNS[entity];
  const exporter = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => call('export_csv', { entity, format, ...filters }),
  });

  const run = (format: 'csv' | 'xlsx') => {
    if (exporter.isPending) return;
    exporter.mutate(format, {
      onSuccess: (file) => {
        if (file.rows === 0 || file.content === null) {
          notifyInfo(`No ${many} match these filters, so there was nothing to export.`);
          return;
        }
        const filename = `${entity}-${new Date().toISOString().slice(0, 10)}.${format}`;
        if (format === 'xlsx') downloadBase64(filename, XLSX_TYPE, file.content);
        else downloadText(filename, 'text/csv', file.content);
        notifySuccess(`Exported ${formatCount(file.rows)} ${file.rows === 1 ? one : many} to ${filename}`);
      },
      onError: (error) => notifyError(`Could not export the ${many}`, error),
    });
  };

  return (
    <Menu position="bottom-end" shadow="md" width={260}>
      <Menu.Target>
        <Button
          variant="default"
          aria-busy={exporter.isPending}
          leftSection={exporter.isPending ? <Loader size={14} aria-hidden /> : <IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{filtered ? `The ${many} these filters show` : `Every ${one}`}</Menu.Label>
        <Menu.Item leftSection={<IconTable size={16} aria-hidden />} onClick={() => run('xlsx')}>
          <Text size="sm">Excel workbook (.xlsx)</Text>
        </Menu.Item>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} aria-hidden />} onClick={() => run('csv')}>
          <Text size="sm">CSV</Text>
          <Text size="xs" c="dimmed">
            For any spreadsheet, or to import elsewhere
          </Text>
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
