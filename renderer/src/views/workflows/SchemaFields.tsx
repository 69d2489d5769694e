import { Fieldset, Group, Select, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { withoutNull, type JsonSchema } from './catalogue.js';
import { TemplateMenu, type TemplateGroup } from './TemplateMenu.js';
import { humanize } from './words.js';

/*
 * A form made from an operation's input schema (zod → JSON Schema): text, numbers, yes/no, choices,
 * nested records and lists of words get their own fields; any other shape is edited as JSON. Every
 * value may instead be a {{ template }} read from the run's input or an earlier step, so a field
 * holding one is a text field, whatever its type.
 */

type Values = Record<string, unknown>;

export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

export function SchemaFields({
  schema,
  value,
  onChange,
  templates,
  idPrefix,
}: {
  schema: JsonSchema;
  value: Values;
  onChange: (next: Values) => void;
  templates: readonly TemplateGroup[];
  idPrefix: string;
}) {
  const plain = withoutNull(schema);
  const properties = Object.entries(plain.properties ?? {});
  if (properties.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This operation takes no input.
      </Text>
    );
  }
  const required = new Set(plain.required ?? []);
  const set = (key: string, next: unknown) => {
    const out = { ...value };
    if (next === undefined) delete out[key];
    else out[key] = next;
    onChange(out);
  };
  return (
    <Stack gap="xs">
      {properties.map(([key, field]) => (
        <SchemaField
          key={key}
          name={key}
          schema={field}
          required={required.has(key)}
          value={value[key]}
          onChange={(next) => set(key, next)}
          templates={templates}
          id={`${idPrefix}-${key}`}
        />
      ))}
    </Stack>
  );
}

function fieldKind(schema: JsonSchema): 'text' | 'number' | 'boolean' | 'enum' | 'object' | 'tags' | 'json' {
  if (schema.enum && schema.enum.every((v) => typeof v === 'string')) return 'enum';
  const type = schema.type;
  if (type === 'string') return 'text';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'object' && schema.properties && Object.keys(schema.properties).length > 0) return 'object';
  if (type === 'array') {
    const items = schema.items ? withoutNull(schema.items) : undefined;
    if (items && (items.type === 'string' || items.enum)) return 'tags';
  }
  return 'json';
}

function SchemaField({
  name,
  schema: raw,
  required,
  value,
  onChange,
  templates,
  id,
}: {
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (next: unknown) => void;
  templates: readonly TemplateGroup[];
  id: string;
}) {
  const schema = withoutNull(raw);
  const label = schema.title ?? humanize(name);
  const description = schema.description;
  const kind = isTemplate(value) ? 'text' : fieldKind(schema);
  const picker = (
    <TemplateMenu
      groups={withRunInput(templates, name)}
      field={label}
      onPick={(template) => onChange(kind === 'text' && typeof value === 'string' ? value + template : template)}
    />
  );
  const common = { id, label, description, required, rightSection: picker, rightSectionPointerEvents: 'all' as const };

  switch (kind) {
    case 'text':
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}
          onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
        />
      );
    case 'number':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={value === undefined ? '' : String(value)}
          onChange={(e) => {
            const text = e.currentTarget.value;
            const number = Number(text);
            onChange(text.trim() === '' ? undefined : Number.isFinite(number) ? number : text);
          }}
          error={value !== undefined && typeof value !== 'number' ? 'Give a number' : undefined}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          rightSection={undefined}
          data={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          placeholder="Not set"
          clearable
          value={value === true ? 'true' : value === false ? 'false' : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
        />
      );
    case 'enum':
      return (
        <Group gap={4} align="flex-end" wrap="nowrap">
          <Select
            {...common}
            rightSection={undefined}
            style={{ flex: 1 }}
            data={(schema.enum as string[]).map((v) => ({ value: v, label: humanize(v) }))}
            placeholder="Not set"
            clearable
            value={typeof value === 'string' ? value : null}
            onChange={(v) => onChange(v ?? undefined)}
          />
          {picker}
        </Group>
      );
    case 'object':
      return (
        <Fieldset
          legend={label}
          variant="unstyled"
          pl="sm"
          style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}
        >
          <SchemaFields
            schema={schema}
            value={value && typeof value === 'object' && !Array.isArray(value) ? (value as Values) : {}}
            onChange={(next) => onChange(Object.keys(next).length === 0 ? undefined : next)}
            templates={templates}
            idPrefix={id}
          />
        </Fieldset>
      );
    case 'tags':
      return (
        <Group gap={4} align="flex-end" wrap="nowrap">
          <TagsInput
            {...common}
            rightSection={undefined}
            style={{ flex: 1 }}
            value={Array.isArray(value) ? value.map(String) : []}
            onChange={(tags) => onChange(tags.length === 0 ? undefined : tags)}
            placeholder="Type and press Enter"
          />
          {picker}
        </Group>
      );
    case 'json':
      return <JsonField {...common} value={value} onChange={onChange} picker={picker} />;
  }
}

/** The run's input offers a value named like the field too ("email" → {{ context.email }}), new or not. */
export function withRunInput(groups: readonly TemplateGroup[], key: string): TemplateGroup[] {
  const template = `{{ context.${key} }}`;
  return groups.map((group) =>
    group.label === RUN_INPUT && !group.choices.some((c) => c.template === template)
      ? { ...group, choices: [...group.choices, { label: `${humanize(key)} (new)`, template }] }
      : group,
  );
}

export const RUN_INPUT = 'The run’s input';

/** A value of a shape the form cannot draw, written as JSON (or a {{ template }}). */
export function JsonField({
  id,
  label,
  description,
  required,
  value,
  onChange,
  picker,
}: {
  id: string;
  label: string;
  description?: string | undefined;
  required?: boolean;
  value: unknown;
  onChange: (next: unknown) => void;
  picker?: React.ReactNode;
}) {
  const shown = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  // A change from outside (undo, a template picked) replaces what is typed.
  useEffect(() => {
    setText(shown);
    setError(null);
  }, [shown]);
  const commit = () => {
    if (text.trim() === '') {
      setError(null);
      onChange(undefined);
      return;
    }
    if (isTemplate(text)) {
      setError(null);
      onChange(text.trim());
      return;
    }
    try {
      onChange(JSON.parse(text));
      setError(null);
    } catch {
      setError('Not valid JSON: write it as JSON (e.g. [1, 2] or {"key": "value"}) or pick a value with {{ }}.');
    }
  };
  return (
    <Group gap={4} align="flex-start" wrap="nowrap">
      <Textarea
        id={id}
        style={{ flex: 1 }}
        label={label}
        description={description ? `${description} (as JSON)` : 'As JSON'}
        required={required}
        autosize
        minRows={2}
        maxRows={10}
        ff="monospace"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
        error={error}
      />
      {picker}
    </Group>
  );
}
