import {
  ActionIcon,
  Alert,
  Button,
  Code,
  Group,
  Loader,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { InputOf } from '../../../../shared/contracts.js';
import type { Document } from '../../../../shared/vault.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { useServerErrors } from '../sales/serverErrors.js';
import { useUpdateMetadata } from './documentQueries.js';

type FieldKind = 'text' | 'number' | 'boolean' | 'list';
type CustomValue = string | number | boolean | (string | number | boolean)[];

interface CustomRow {
  /** Stable React key: names can be edited. */
  key: number;
  name: string;
  kind: FieldKind;
  value: string;
}

interface Values {
  title: string;
  tags: string[];
  custom: CustomRow[];
}

type Field = 'title' | 'tags' | 'custom';
const FIELDS: Field[] = ['title', 'tags', 'custom'];

let nextRowKey = 1;

function kindOf(value: unknown): FieldKind {
  if (Array.isArray(value)) return 'list';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
}

/** A value as the form shows it: a list (the seed's keywords, say) as its items with commas between them. */
function textOf(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === null || value === undefined ? '' : String(value);
}

function rowsOf(custom: Record<string, unknown>): CustomRow[] {
  return Object.entries(custom).map(([name, value]) => ({
    key: nextRowKey++,
    name,
    kind: kindOf(value),
    value: textOf(value),
  }));
}

function valuesOf(doc: Document): Values {
  return { title: doc.title ?? '', tags: doc.tags, custom: rowsOf(doc.custom) };
}

function typedValue(row: CustomRow): CustomValue {
  if (row.kind === 'boolean') return row.value === 'true';
  if (row.kind === 'list')
    return row.value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (row.kind === 'number') {
    const text = row.value.trim().replace(',', '.');
    // Sent as typed when it is no number, so the server's message names the field.
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : row.value;
  }
  return row.value;
}

type Metadata = InputOf<'update_document_metadata'>['metadata'];

/** Only what changed, so the activity log shows the person's edit; undefined when nothing did. */
function changesOf(doc: Document, values: Values): Metadata | undefined {
  const changes: Metadata = {};
  const title = values.title.trim();
  if (title !== (doc.title ?? '')) changes.title = title === '' ? null : title;
  if (values.tags.join('\n') !== doc.tags.join('\n')) changes.tags = values.tags;
  const custom: Record<string, CustomValue | null> = {};
  const named = values.custom.filter((row) => row.name.trim() !== '');
  for (const row of named) {
    const name = row.name.trim();
    const before = doc.custom[name];
    // Unchanged as shown: kept as stored (a list of numbers stays numbers).
    if (name in doc.custom && kindOf(before) === row.kind && textOf(before) === row.value) continue;
    custom[name] = typedValue(row);
  }
  for (const name of Object.keys(doc.custom)) {
    if (!named.some((row) => row.name.trim() === name)) custom[name] = null;
  }
  if (Object.keys(custom).length > 0) changes.custom = custom;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

export interface MetadataFormProps {
  document: Document;
  /** Told whether the form holds changes not saved yet, so that leaving the document can ask first. */
  onDirtyChange?: (dirty: boolean) => void;
}

/** Title, tags and custom fields; the file itself is not changed. Keyed by document and version. */
export function MetadataForm({ document: doc, onDirtyChange }: MetadataFormProps) {
  const [values, setValues] = useState<Values>(() => valuesOf(doc));
  const dirty = changesOf(doc, values) !== undefined;
  useEffect(() => {
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);
  const errors = useServerErrors<Field>((path) => {
    const [first, second] = path.split('.');
    const field = first === 'metadata' ? second : first;
    return FIELDS.find((f) => f === field);
  });
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const update = useUpdateMetadata();

  const set = <F extends Field>(field: F, value: Values[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    errors.clearField(field);
  };
  const setRow = (key: number, patch: Partial<CustomRow>) =>
    set(
      'custom',
      values.custom.map((row) => (row.key === key ? { ...row, ...patch } : row)),
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    errors.reset();
    const metadata = changesOf(doc, values);
    if (!metadata) {
      notifySuccess('Nothing changed, so there was nothing to save.');
      return;
    }
    update.mutate(
      { document_id: doc.document_id, metadata, expected_version: doc.version },
      {
        onSuccess: () => notifySuccess(`${doc.name}: details saved`),
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not save the details', error);
        },
      },
    );
  };

  const fileMetadata = Object.entries(doc.file_metadata);

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Document details">
      <Stack gap="sm">
        {errors.formErrors.length > 0 && (
          <Alert color="red" title="The details were not saved" role="alert">
            {errors.formErrors.map((message) => (
              <div key={message}>{message}</div>
            ))}
          </Alert>
        )}
        <TextInput
          label="Title"
          description="Shown instead of the file name in search results"
          value={values.title}
          error={errors.fieldErrors.title}
          onChange={(event) => set('title', event.currentTarget.value)}
        />
        <TagsInput
          label="Tags"
          description="Press Enter after each tag"
          value={values.tags}
          error={errors.fieldErrors.tags}
          onChange={(tags) => set('tags', tags)}
          clearable
        />
        <fieldset className="plain-fieldset" aria-describedby={errors.fieldErrors.custom ? 'custom-error' : undefined}>
          <legend>
            <Text size="sm" fw={500}>
              Custom fields
            </Text>
          </legend>
          <Stack gap={6}>
            {values.custom.length === 0 && (
              <Text size="sm" c="dimmed">
                None yet: add your own, such as a client or a year.
              </Text>
            )}
            {values.custom.map((row, i) => (
              <Group key={row.key} gap="xs" wrap="nowrap" align="flex-start">
                <TextInput
                  aria-label={`Name of field ${i + 1}`}
                  placeholder="Name"
                  value={row.name}
                  onChange={(event) => setRow(row.key, { name: event.currentTarget.value })}
                  style={{ flex: 1 }}
                />
                <Select
                  aria-label={`Kind of field ${i + 1}`}
                  data={[
                    { value: 'text', label: 'Text' },
                    { value: 'number', label: 'Number' },
                    { value: 'boolean', label: 'Yes / no' },
                    { value: 'list', label: 'List' },
                  ]}
                  value={row.kind}
                  allowDeselect={false}
                  onChange={(kind) =>
                    setRow(row.key, {
                      kind: (kind ?? 'text') as FieldKind,
                      value: kind === 'boolean' ? 'true' : row.value,
                    })
                  }
                  w={110}
                />
                {row.kind === 'boolean' ? (
                  <Select
                    aria-label={`Value of field ${i + 1}`}
                    data={[
                      { value: 'true', label: 'Yes' },
                      { value: 'false', label: 'No' },
                    ]}
                    value={row.value === 'false' ? 'false' : 'true'}
                    allowDeselect={false}
                    onChange={(value) => setRow(row.key, { value: value ?? 'true' })}
                    style={{ flex: 1 }}
                  />
                ) : (
                  <TextInput
                    aria-label={`Value of field ${i + 1}`}
                    placeholder={row.kind === 'list' ? 'Values, separated by commas' : 'Value'}
                    inputMode={row.kind === 'number' ? 'decimal' : undefined}
                    value={row.value}
                    onChange={(event) => setRow(row.key, { value: event.currentTarget.value })}
                    style={{ flex: 1 }}
                  />
                )}
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={`Remove field ${row.name || i + 1}`}
                  onClick={() =>
                    set(
                      'custom',
                      values.custom.filter((r) => r.key !== row.key),
                    )
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            ))}
            {errors.fieldErrors.custom && (
              <Text size="sm" c="red" id="custom-error" role="alert">
                {errors.fieldErrors.custom}
              </Text>
            )}
            <Group>
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() =>
                  set('custom', [...values.custom, { key: nextRowKey++, name: '', kind: 'text', value: '' }])
                }
              >
                Add field
              </Button>
            </Group>
          </Stack>
        </fieldset>
        {fileMetadata.length > 0 && (
          <Stack gap={4}>
            <Title order={4} size="h6">
              From the file
            </Title>
            <Text size="xs" c="dimmed">
              Front matter of the file; change it by editing the file.
            </Text>
            {fileMetadata.map(([name, value]) => (
              <Text size="sm" key={name}>
                {name}: <Code>{typeof value === 'string' ? value : JSON.stringify(value)}</Code>
              </Text>
            ))}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setValues(valuesOf(doc))} disabled={update.isPending}>
            Discard changes
          </Button>
          <Button
            type="submit"
            aria-busy={update.isPending}
            leftSection={update.isPending ? <Loader size={14} color="white" aria-hidden /> : undefined}
          >
            Save details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
