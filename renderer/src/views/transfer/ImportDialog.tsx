import {
  Alert,
  Anchor,
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
import { href } from '../../router.js';
import { FIELD_LABELS, fieldLabel, problemMessage, REQUIRED_FIELDS, type ImportEntity } from './importFields.js';

type Checked = OutputOf<'import_csv'>;
type OnError = 'skip_bad_rows' | 'reject_all';

const NOUNS: Record<ImportEntity, [one: string, many: string]> = {
  customers: ['customer', 'customers'],
  products: ['product', 'products'],
  orders: ['order', 'orders'],
};
/** An Excel workbook travels in base64, a third larger than the file. */
const XLSX_LIMIT = Math.floor((INLINE_CSV_LIMIT * 3) / 4);

type ChosenFile = { name: string; content: string; format: 'csv' | 'xlsx' };

/** A workbook's bytes in base64, as import_csv takes them inline. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}
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
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null> | undefined>(undefined);
  const [onError, setOnError] = useState<OnError>('skip_bad_rows');
  const [one, many] = NOUNS[entity];

  const check = useMutation({
    mutationFn: (args: { file: ChosenFile; mapping: Record<string, string | null> | undefined }) =>
      call('import_csv', {
        entity,
        content: args.file.content,
        format: args.file.format,
        dry_run: true,
        on_error: 'skip_bad_rows',
        ...(args.mapping && { mapping: args.mapping }),
      }),
  });
  const run = useMutation({
    mutationFn: (args: { file: ChosenFile; mapping: Record<string, string | null> | undefined; onError: OnError }) =>
      call('import_csv', {
        entity,
        content: args.file.content,
        format: args.file.format,
        on_error: args.onError,
        ...(args.mapping && { mapping: args.mapping }),
      }),
    onSuccess: (result) => {
      if (result.committed) refreshList(queryClient, entity === 'customers' ? keys.customers : keys.sales);
      if (result.committed && entity === 'orders') refreshList(queryClient, keys.customers);
    },
  });

  const choose = async (chosen: File | null) => {
    if (!chosen) return;
    setReadError(null);
    run.reset();
    const format = /\.xlsx$/i.test(chosen.name) ? 'xlsx' : 'csv';
    if (chosen.size > (format === 'xlsx' ? XLSX_LIMIT : INLINE_CSV_LIMIT)) {
      setReadError(
        `${chosen.name} is larger than ${format === 'xlsx' ? '3.5' : '5'} MB. Split it into smaller files and import them one by one.`,
      );
      return;
    }
    let content: string;
    try {
      content = format === 'xlsx' ? await base64Of(chosen) : await chosen.text();
    } catch (error) {
      setReadError(`${chosen.name} could not be read: ${errorMessage(error)}`);
      return;
    }
    const next: ChosenFile = { name: chosen.name, content, format };
    setFile(next);
    setMapping(undefined);
    check.mutate({ file: next, mapping: undefined });
  };

  const remap = (column: string, field: string | null) => {
    if (!file || !check.data) return;
    // Every column as it is read now, with this one changed: the server's recognition stays as shown.
    const next = Object.fromEntries(check.data.columns.map((c) => [c.column, c.field]));
    next[column] = field;
    setMapping(next);
    check.mutate({ file, mapping: next });
  };

  const result = run.data;
  const checked = check.data;
  const headerProblem = checked?.bad_rows.find((b) => b.field === 'header');
  const badLines = new Set(checked?.bad_rows.map((b) => b.line) ?? []);
  // Counted by the server's dry run: for orders, orders (not their lines).
  const ready = checked?.ready ?? 0;

  return (
    <Modal opened onClose={onClose} title={`Import ${many}`} size="xl">
      {result ? (
        <ImportOutcome entity={entity} result={result} onClose={onClose} />
      ) : (
        <Stack gap="md">
          <Group gap="sm">
            <FileButton
              onChange={(chosen) => void choose(chosen)}
              accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            >
              {(props) => (
                <Button
                  variant={file ? 'default' : 'filled'}
                  leftSection={<IconFileUpload size={16} aria-hidden />}
                  {...props}
                >
                  {file ? 'Choose another file' : 'Choose a CSV or Excel file'}
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
              {entity === 'orders'
                ? 'A CSV or Excel (.xlsx) file with one row per order line and a first row of column names, such as ' +
                  'Shopify’s orders export. Lines with the same order number make one order; customers are found by ' +
                  'email and products by SKU, so add those first. Each order is placed as new (pending, priced from ' +
                  'your catalog, stock reserved). Nothing is imported until you have seen how it will be read.'
                : 'A CSV or Excel (.xlsx) file with a first row of column names, such as an export from Shopify, ' +
                  'HubSpot, a spreadsheet or Officina itself. Nothing is imported until you have seen how it will be read.'}
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
              <ImportedBefore checked={checked} />
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
                  onClick={() => run.mutate({ file, mapping, onError })}
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
  const before = importedBefore(checked).length;
  const empty = checked.skipped.filter((s) => s.order_id === undefined).length;
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
      {before > 0 && (
        <Badge color="blue" variant="light" tt="none">
          {formatCount(before)} imported before
        </Badge>
      )}
      {empty > 0 && (
        <Badge color="gray" variant="light" tt="none">
          {formatCount(empty)} empty, left out
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

/**
 * Orders of the file that an earlier import placed already, each once with the order it became: an
 * import run again places only what is new.
 */
function importedBefore(checked: Checked): { ref: string; orderId: number; lines: number[] }[] {
  const orders = new Map<number, { ref: string; orderId: number; lines: number[] }>();
  for (const row of checked.skipped) {
    if (row.order_id === undefined) continue;
    const ref = checked.preview.find((p) => p.line === row.line)?.values['order_ref'];
    const known = orders.get(row.order_id);
    if (known) known.lines.push(row.line);
    else
      orders.set(row.order_id, {
        ref: ref ?? /order (\S+) →/.exec(row.message)?.[1] ?? '',
        orderId: row.order_id,
        lines: [row.line],
      });
  }
  return [...orders.values()];
}

function ImportedBefore({ checked }: { checked: Checked }) {
  const orders = importedBefore(checked);
  if (orders.length === 0) return null;
  return (
    <Alert color="blue" title="Imported before, so left out this time">
      <List size="sm" spacing={2}>
        {orders.slice(0, LISTED).map((o) => (
          <List.Item key={o.orderId}>
            {o.lines.length === 1 ? `Row ${o.lines[0]}` : `Rows ${o.lines.join(', ')}`}: {o.ref} in the file is already{' '}
            <Anchor inherit href={href(`/sales/orders/${o.orderId}`)}>
              order #{o.orderId}
            </Anchor>
          </List.Item>
        ))}
      </List>
      {orders.length > LISTED && (
        <Text size="sm" mt={4}>
          and {formatCount(orders.length - LISTED)} more
        </Text>
      )}
    </Alert>
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
      <ImportedBefore checked={result} />
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
