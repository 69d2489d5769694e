import { Alert, Badge, Button, Center, Group, Loader, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { OutputOf } from '../../../../shared/contracts.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatDateTime, locale } from '../../format.js';
import { errorMessage, notifyError, notifySuccess } from '../../notify.js';
import { formatSize } from './fileKinds.js';
import { sideBySide } from './sideBySide.js';
import { useDocumentVersions, useRestoreVersion, useVersionDiff } from './documentQueries.js';

type Version = OutputOf<'list_document_versions'>['items'][number];

const REASONS: Record<string, string> = {
  upload: 'Uploaded',
  add: 'Added outside Officina',
  edit: 'Edited outside Officina',
  restore: 'Restored from the trash',
  overwrite: 'Replaced by an upload',
};

/** `numbers`: version_id → the version's number (the reason names the restored version by its id). */
function reasonText(reason: string, numbers: ReadonlyMap<number, number>): string {
  const restored = /^restore of version (\d+)$/.exec(reason);
  if (restored) {
    const number = numbers.get(Number(restored[1]));
    // A version pruned since has no number to show.
    return number === undefined ? 'Restored an earlier version' : `Restored version ${number}`;
  }
  return REASONS[reason] ?? reason;
}

function versionLabel(v: Version): string {
  return `Version ${v.number}${v.current ? ' (current)' : ''} · ${formatDateTime(v.created_at)}`;
}

export interface VersionHistoryProps {
  path: string;
  /** Whether the file is text, which can be compared line by line. */
  comparable: boolean;
}

export function VersionHistory({ path, comparable }: VersionHistoryProps) {
  const versions = useDocumentVersions(path);
  const [restoring, setRestoring] = useState<Version | null>(null);
  const [picked, setPicked] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });

  const items = useMemo(() => versions.data?.items ?? [], [versions.data]);
  const numbers = useMemo(() => new Map(items.map((v) => [v.version_id, v.number])), [items]);
  // By default: what the last change did (the previous version against the current one).
  const from = picked.from ?? items[1]?.version_id ?? null;
  const to = picked.to ?? items[0]?.version_id ?? null;

  if (versions.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading versions" />
      </Center>
    );
  }
  if (versions.isError) {
    return (
      <ErrorNotice title="Could not load the versions" error={versions.error} onRetry={() => void versions.refetch()} />
    );
  }

  const options = items.map((v) => ({ value: String(v.version_id), label: versionLabel(v) }));

  return (
    <Stack gap="md">
      <Table aria-label="Versions" striped verticalSpacing={4} fz="xs" className="versions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Kept</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>
              <span className="visually-hidden">Actions</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((v) => (
            <Table.Tr key={v.version_id}>
              <Table.Td>{v.number}</Table.Td>
              <Table.Td>{formatDateTime(v.created_at)}</Table.Td>
              <Table.Td>{reasonText(v.reason, numbers)}</Table.Td>
              <Table.Td>{v.by}</Table.Td>
              <Table.Td>{formatSize(v.size, locale)}</Table.Td>
              <Table.Td>
                {/* The current version's place for Restore says what it is: a narrow Version column cut a badge there to "c…". */}
                {v.current ? (
                  <Badge size="sm" variant="light">
                    current
                  </Badge>
                ) : (
                  <Button
                    size="compact-xs"
                    variant="light"
                    leftSection={<IconArrowBackUp size={14} aria-hidden />}
                    aria-label={`Restore version ${v.number}`}
                    onClick={() => setRestoring(v)}
                  >
                    Restore
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {items.length < 2 ? (
        <Text size="sm" c="dimmed">
          Only one version so far. Each upload, edit and restore keeps the content it replaces here.
        </Text>
      ) : !comparable ? (
        <Text size="sm" c="dimmed">
          Versions of this kind of file cannot be compared line by line; restore one to see it.
        </Text>
      ) : (
        <Stack gap="xs">
          <Group grow align="flex-end">
            <Select
              label="Compare"
              data={options}
              value={from === null ? null : String(from)}
              allowDeselect={false}
              onChange={(value) => setPicked({ from: value === null ? null : Number(value), to })}
            />
            <Select
              label="with"
              data={options}
              value={to === null ? null : String(to)}
              allowDeselect={false}
              onChange={(value) => setPicked({ from, to: value === null ? null : Number(value) })}
            />
          </Group>
          <VersionDiff path={path} from={from} to={to} />
        </Stack>
      )}

      {restoring && <RestoreVersionDialog path={path} version={restoring} onClose={() => setRestoring(null)} />}
    </Stack>
  );
}

function VersionDiff({ path, from, to }: { path: string; from: number | null; to: number | null }) {
  const diff = useVersionDiff(path, from, to);
  const rows = useMemo(() => (diff.data ? sideBySide(diff.data.changes) : []), [diff.data]);
  if (from === to) {
    return (
      <Text size="sm" c="dimmed">
        Pick two different versions to see what changed.
      </Text>
    );
  }
  if (diff.isPending) return <Loader size="sm" aria-label="Comparing versions" />;
  if (diff.isError) {
    return (
      <Alert color="red" title="Could not compare these versions">
        {errorMessage(diff.error)}
      </Alert>
    );
  }
  return (
    <Stack gap={4}>
      <Text size="sm" aria-live="polite">
        {diff.data.added} {diff.data.added === 1 ? 'line' : 'lines'} added, {diff.data.removed}{' '}
        {diff.data.removed === 1 ? 'line' : 'lines'} removed
      </Text>
      <div className="diff-scroll">
        <table
          className="diff-table"
          aria-label={`Differences between version ${diff.data.from_number} and version ${diff.data.to_number}`}
        >
          <colgroup>
            <col className="diff-number" />
            <col />
            <col className="diff-number" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th colSpan={2} scope="colgroup">
                Version {diff.data.from_number}
              </th>
              <th colSpan={2} scope="colgroup">
                Version {diff.data.to_number}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} data-kind={row.kind}>
                <td className="diff-number">{row.left?.number ?? ''}</td>
                <td className="diff-left" data-empty={row.left === null || undefined}>
                  {row.left && (row.kind === 'same' ? row.left.text : <del>{row.left.text}</del>)}
                </td>
                <td className="diff-number">{row.right?.number ?? ''}</td>
                <td className="diff-right" data-empty={row.right === null || undefined}>
                  {row.right && (row.kind === 'same' ? row.right.text : <ins>{row.right.text}</ins>)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Stack>
  );
}

function RestoreVersionDialog({ path, version, onClose }: { path: string; version: Version; onClose: () => void }) {
  const restore = useRestoreVersion();
  return (
    <Modal opened onClose={onClose} title={`Restore version ${version.number}?`}>
      <Stack gap="sm">
        <Text size="sm">
          The file gets the content it had on {formatDateTime(version.created_at)}. Its current content stays in the
          history, so you can undo this by restoring that version.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={restore.isPending}>
            Cancel
          </Button>
          <Button
            data-autofocus
            loading={restore.isPending}
            onClick={() =>
              restore.mutate(
                { document_id: path, version_id: version.version_id },
                {
                  onSuccess: () => {
                    notifySuccess(`Version ${version.number} restored`);
                    onClose();
                  },
                  onError: (error) => notifyError('Could not restore the version', error),
                },
              )
            }
          >
            Restore version {version.number}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
