import {
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  List,
  Loader,
  Modal,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OutputOf } from '../../../../shared/contracts.js';
import { IMPORT_FIELDS, INLINE_CSV_LIMIT } from '../../../../shared/transfer.js';
import { call } from '../../api.js';
import { formatCount } from '../../format.js';
import { keys, refreshList } from '../../live.js';
import { errorMessage } from '../../notify.js';
import { FIELD_LABELS, fieldLabel, problemMessage, REQUIRED_FIELDS, type ImportEntity } from './importFields.js';

type Checked = OutputOf<'import_csv'>;
type OnError = 'skip_bad_rows' | 'reject_all';

const NOUNS: Record<ImportEntity, [one: string, many: string]> = {
  customers: ['customer', 'customers'],
  products: ['product', 'products'],
};
/** Problems listed in the dialog; the count says how many more there are. */
const LISTED = 12;
const LEAVE_OUT = '__leave_out__';

export interface ImportDialogProps {
  entity: ImportEntity;
  onClose: () => void;
}

/**
 * Import from a CSV file, in the steps a person takes: choose the file; see how its columns were read
 * (Shopify's and HubSpot's exports are recognised) and change any; see the first rows as they would be
 * imported and every row's problem (a dry run on the server, the same checks as the real import); then
 * import. Mounted only while open.
 */
export function ImportDialog({ entity, onClose }: ImportDialogProps) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null> | undefined>(undefined);
  const [onError, setOnError] = useState<OnError>('skip_bad_rows');
  const [one, many] = NOUNS[entity];

  const check = useMutation({
    mutationFn: (args: { content: string; mapping: Record<string, string | null> | undefined }) =>
      call('import_csv', {
        entity,
        content: args.content,
        dry_run: true,
        on_error: 'skip_bad_rows',
        ...(args.mapping && { mapping: args.mapping }),
      }),
  });
  const run = useMutation({
    mutationFn: (args: { content: string; mapping: Record<string, string | null> | undefined; onError: OnError }) =>
      call('import_csv', {
        entity,
        content: args.content,
        on_error: args.onError,
        ...(args.mapping && { mapping: args.mapping }),
      }),
    onSuccess: (result) => {
      if (result.committed) refreshList(queryClient, entity === 'customers' ? keys.customers : keys.sales);
    },
  });

  const choose = async (chosen: File | null) => {
    if (!chosen) return;
    setReadError(null);
    run.reset();
    if (chosen.size > INLINE_CSV_LIMIT) {
      setReadError(`${chosen.name} is larger than 5 MB. Split it into smaller files and import them one by one.`);
      return;
    }
    const content = await chosen.text();
    setFile({ name: chosen.name, content });
    setMapping(undefined);
    check.mutate({ content, mapping: undefined });
  };

  const remap = (column: string, field: string | null) => {
    if (!file || !check.data) return;
    // Every column as it is read now, with this one changed: the server's recognition stays as shown.
    const next = Object.fromEntries(check.data.columns.map((c) => [c.column, c.field]));
    next[column] = field;
    setMapping(next);
    check.mutate({ content: file.content, mapping: next });
  };

  const result = run.data;
  const checked = check.data;
  const headerProblem = checked?.bad_rows.find((b) => b.field === 'header');
  const badLines = new Set(checked?.bad_rows.map((b) => b.line) ?? []);
  const ready = checked ? checked.rows - checked.skipped.length - badLines.size : 0;

  return (
    <Modal opened onClose={onClose} title={`Import ${many}`} size="xl">
      {result ? (
        <ImportOutcome entity={entity} result={result} onClose={onClose} />
      ) : (
        <Stack gap="md">
          <Group gap="sm">
            <FileButton onChange={(chosen) => void choose(chosen)} accept=".csv,text/csv,text/plain">
              {(props) => (
                <Button
                  variant={file ? 'default' : 'filled'}
                  leftSection={<IconFileUpload size={16} aria-hidden />}
                  {...props}
                >
                  {file ? 'Choose another file' : 'Choose a CSV file'}
                </Button>
              )}
            </FileButton>
            {file && (
              <Text size="sm" c="dimmed">
                {file.name}
              </Text>
            )}
          </Group>
          {!file && !readError && (
            <Text size="sm" c="dimmed">
              A CSV file with a first row of column names, such as an export from Shopify, HubSpot, a spreadsheet or
              Officina itself. Nothing is imported until you have seen how it will be read.
            </Text>
          )}
          {readError && <Alert color="red">{readError}</Alert>}
          {check.isError && (
            <Alert color="red" title="This file cannot be read">
              {errorMessage(check.error)}
            </Alert>
          )}
          {check.isPending && !checked && <Loader size="sm" aria-label="Reading the file" />}
          {checked && file && (
            <>
              <Summary entity={entity} checked={checked} ready={ready} checking={check.isPending} />
              <Problems entity={entity} checked={checked} />
              <ColumnMapping entity={entity} checked={checked} onChange={remap} disabled={check.isPending} />
              <Preview entity={entity} checked={checked} />
              {badLines.size > 0 && !headerProblem && (
                <Radio.Group
                  label="Rows with problems"
                  value={onError}
                  onChange={(value) => setOnError(value === 'reject_all' ? 'reject_all' : 'skip_bad_rows')}
                >
                  <Stack gap={6} mt={6}>
                    <Radio value="skip_bad_rows" label={`Leave them out and import the other ${many}`} />
                    <Radio value="reject_all" label="Import nothing until the file is fixed" />
                  </Stack>
                </Radio.Group>
              )}
              {run.isError && (
                <Alert color="red" title="Nothing was imported">
                  {errorMessage(run.error)}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button
                  loading={run.isPending}
                  disabled={
                    check.isPending ||
                    Boolean(headerProblem) ||
                    ready <= 0 ||
                    (onError === 'reject_all' && badLines.size > 0)
                  }
                  onClick={() => run.mutate({ content: file.content, mapping, onError })}
                >
                  {ready > 0 ? `Import ${formatCount(ready)} ${ready === 1 ? one : many}` : `Import ${many}`}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}

function Summary({
  entity,
  checked,
  ready,
  checking,
}: {
  entity: ImportEntity;
  checked: Checked;
  ready: number;
  checking: boolean;
}) {
  const [one, many] = NOUNS[entity];
  const bad = new Set(checked.bad_rows.map((b) => b.line)).size;
  const warned = new Set(checked.warnings.map((w) => w.line)).size;
  return (
    <Group gap="xs" aria-live="polite">
      <Text size="sm">
        {formatCount(checked.rows)} {checked.rows === 1 ? 'row' : 'rows'} read:
      </Text>
      <Badge color="green" variant="light" tt="none">
        {formatCount(Math.max(ready, 0))} {ready === 1 ? one : many} ready
      </Badge>
      {bad > 0 && (
        <Badge color="red" variant="light" tt="none">
          {formatCount(bad)} with problems
        </Badge>
      )}
      {warned > 0 && (
        <Badge color="yellow" variant="light" tt="none">
          {formatCount(warned)} to check
        </Badge>
      )}
      {checked.skipped.length > 0 && (
        <Badge color="gray" variant="light" tt="none">
          {formatCount(checked.skipped.length)} empty, left out
        </Badge>
      )}
      {checking && <Loader size="xs" aria-label="Checking the file again" />}
    </Group>
  );
}

function ColumnMapping({
  entity,
  checked,
  onChange,
  disabled,
}: {
  entity: ImportEntity;
  checked: Checked;
  onChange: (column: string, field: string | null) => void;
  disabled: boolean;
}) {
  const options = [
    { value: LEAVE_OUT, label: "Don't import" },
    ...IMPORT_FIELDS[entity].map((field) => ({ value: field, label: FIELD_LABELS[entity][field] ?? field })),
  ];
  const filled = new Set(checked.columns.map((c) => c.field));
  const missing = REQUIRED_FIELDS[entity].filter((field) => !filled.has(field));
  return (
    <section aria-labelledby="import-columns-title">
      <Title order={3} size="h5" id="import-columns-title" mb={4}>
        Columns
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        What each column of the file fills in. Columns set to “Don’t import” are left out.
      </Text>
      {missing.length > 0 && (
        <Alert color="red" mb="xs" icon={<IconAlertTriangle size={16} aria-hidden />}>
          Choose the column that holds the {missing.map((f) => FIELD_LABELS[entity][f]).join(' and the ')}: each{' '}
          {NOUNS[entity][0]} needs one.
        </Alert>
      )}
      <ScrollArea.Autosize mah={260} type="auto">
        <Table verticalSpacing={4} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column in the file</Table.Th>
              <Table.Th>Imports as</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checked.columns.map(({ column, field }, i) => (
              <Table.Tr key={`${i}-${column}`}>
                <Table.Td>
                  <Text size="sm">{column || '(no name)'}</Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Imports ${column} as`}
                    size="xs"
                    data={options}
                    value={field ?? LEAVE_OUT}
                    allowDeselect={false}
                    searchable
                    disabled={disabled}
                    onChange={(value) => onChange(column, value === LEAVE_OUT || value === null ? null : value)}
                    maw={260}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </section>
  );
}

function Preview({ entity, checked }: { entity: ImportEntity; checked: Checked }) {
  const shown = IMPORT_FIELDS[entity].filter((field) => checked.preview.some((row) => row.values[field] !== undefined));
  if (checked.preview.length === 0) return null;
  return (
    <section aria-labelledby="import-preview-title">
      <Title order={3} size="h5" id="import-preview-title" mb={4}>
        First rows, as they will be imported
      </Title>
      <ScrollArea type="auto">
        <Table verticalSpacing={4} withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              {shown.map((field) => (
                <Table.Th key={field} style={{ whiteSpace: 'nowrap' }}>
                  {fieldLabel(entity, field)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checked.preview.map((row) => (
              <Table.Tr key={row.line}>
                <Table.Td>{row.line}</Table.Td>
                {shown.map((field) => (
                  <Table.Td
                    key={field}
                    title={row.values[field]}
                    style={{ maxWidth: '14rem', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    {row.values[field] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </section>
  );
}

function Problems({ entity, checked }: { entity: ImportEntity; checked: Checked }) {
  const bad = checked.bad_rows.filter((b) => b.field !== 'header');
  if (bad.length === 0 && checked.warnings.length === 0) return null;
  return (
    <Stack gap="xs">
      {bad.length > 0 && (
        <Alert color="red" title="Rows with problems" icon={<IconAlertTriangle size={16} aria-hidden />}>
          <List size="sm" spacing={2}>
            {bad.slice(0, LISTED).map((b, i) => (
              <List.Item key={i}>
                Row {b.line} · {fieldLabel(entity, b.field)}: {problemMessage(entity, b.field, b.message)}
              </List.Item>
            ))}
          </List>
          {bad.length > LISTED && (
            <Text size="sm" mt={4}>
              and {formatCount(bad.length - LISTED)} more
            </Text>
          )}
        </Alert>
      )}
      {checked.warnings.length > 0 && (
        <Alert color="yellow" title="To check (these are imported as they are)">
          <List size="sm" spacing={2}>
            {checked.warnings.slice(0, LISTED).map((w, i) => (
              <List.Item key={i}>
                Row {w.line} · {fieldLabel(entity, w.field)}: {w.message}
              </List.Item>
            ))}
          </List>
          {checked.warnings.length > LISTED && (
            <Text size="sm" mt={4}>
              and {formatCount(checked.warnings.length - LISTED)} more
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

function ImportOutcome({ entity, result, onClose }: { entity: ImportEntity; result: Checked; onClose: () => void }) {
  const [one, many] = NOUNS[entity];
  const bad = result.bad_rows;
  return (
    <Stack gap="md">
      {result.committed ? (
        <Alert color="green" icon={<IconCheck size={16} aria-hidden />} title="Imported">
          {formatCount(result.imported)} {result.imported === 1 ? one : many} imported.
          {bad.length > 0 && ` ${formatCount(new Set(bad.map((b) => b.line)).size)} rows with problems were left out.`}
        </Alert>
      ) : (
        <Alert color="red" title="Nothing was imported">
          Some rows have problems, and you chose to import nothing until the file is fixed.
        </Alert>
      )}
      {bad.length > 0 && (
        <List size="sm" spacing={2}>
          {bad.slice(0, LISTED).map((b, i) => (
            <List.Item key={i}>
              Row {b.line} · {fieldLabel(entity, b.field)}: {problemMessage(entity, b.field, b.message)}
            </List.Item>
          ))}
        </List>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}
