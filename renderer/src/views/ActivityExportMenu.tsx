import { Button, Loader, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconJson } from '@tabler/icons-react';
import { downloadText } from '../download.js';
import { formatCount } from '../format.js';
import { notifyError, notifyInfo, notifySuccess } from '../notify.js';
import { useExportActivity, type ActivityFilters, type ExportFormat } from './activityQueries.js';

export interface ActivityExportMenuProps {
  /** What the view shows is what is exported. */
  filters: ActivityFilters;
  filtered: boolean;
}

/** Downloads the log (as far as the filters select it) as CSV or JSON Lines, oldest entry first. */
export function ActivityExportMenu({ filters, filtered }: ActivityExportMenuProps) {
  const exporter = useExportActivity();

  const run = (format: ExportFormat) => {
    if (exporter.isPending) return;
    exporter.mutate(
      { format, filters },
      {
        onSuccess: (file) => {
          if (file.count === 0) {
            notifyInfo('No calls match these filters, so there was nothing to export.');
            return;
          }
          downloadText(file.filename, file.content_type, file.content);
          notifySuccess(
            `Exported ${formatCount(file.count)} ${file.count === 1 ? 'call' : 'calls'} to ${file.filename}`,
          );
        },
        onError: (error) => notifyError('Could not export the activity log', error),
      },
    );
  };

  return (
    <Menu position="bottom-end" shadow="md" width={280}>
      <Menu.Target>
        {/* Not `loading`: that disables the button, which would drop keyboard focus to the page. */}
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
        <Menu.Label>{filtered ? 'The calls these filters select' : 'The whole activity log'}, oldest first</Menu.Label>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} aria-hidden />} onClick={() => run('csv')}>
          <Text size="sm">CSV</Text>
          <Text size="xs" c="dimmed">
            For a spreadsheet
          </Text>
        </Menu.Item>
        <Menu.Item leftSection={<IconJson size={16} aria-hidden />} onClick={() => run('jsonl')}>
          <Text size="sm">JSON Lines</Text>
          <Text size="xs" c="dimmed">
            One entry per line, with its full input
          </Text>
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
