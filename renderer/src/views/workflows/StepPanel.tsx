import {
  ActionIcon,
  Alert,
  Button,
  Divider,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { WorkflowStep } from '../../../../shared/workflows.js';
import { contractOf, inputSchema, paletteGroups } from './catalogue.js';
import { kindOf } from './definition.js';
import { stepLabel } from './problems.js';
import { JsonField, SchemaFields } from './SchemaFields.js';
import { TemplateMenu } from './TemplateMenu.js';
import { bare, templateGroups } from './templates.js';
import { STEP_KIND_TEXT } from './words.js';

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** The form of the step chosen in the graph: what it does, what it is given, where it goes next. */
export function StepPanel({
  step,
  steps,
  problems,
  onChange,
  onRename,
  onDelete,
}: {
  step: WorkflowStep;
  steps: readonly WorkflowStep[];
  problems: string[];
  /** `group` merges a run of edits to one field into one undo step. */
  onChange: (next: WorkflowStep, group: string) => void;
  onRename: (id: string) => void;
  onDelete: () => void;
}) {
  const kind = kindOf(step);
  const templates = useMemo(() => templateGroups(steps, step), [steps, step]);
  const expressions = useMemo(() => bare(templates), [templates]);
  const set = (patch: Partial<WorkflowStep>, group: string) => {
    const next = { ...step, ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    onChange(next as WorkflowStep, `${step.id}:${group}`);
  };
  const others = steps.filter((s) => s.id !== step.id).map((s) => ({ value: s.id, label: stepLabel(s) }));
  const target = (value: string | null | undefined) =>
    value === undefined ? 'default' : value === null ? 'end' : value;
  const fromTarget = (value: string | null) =>
    value === 'default' || value === null ? undefined : value === 'end' ? null : value;
  const edgeChoices = (defaultLabel: string) => [
    { value: 'default', label: defaultLabel },
    { value: 'end', label: 'End the run' },
    ...others,
  ];
  const schema = step.tool_name ? inputSchema(step.tool_name) : undefined;
  const operationPicker = (
    <Select
      label="Operation"
      searchable
      data={paletteGroups.map((g) => ({
        group: g.label,
        items: g.operations.map((c) => ({ value: c.name, label: c.title })),
      }))}
      value={step.tool_name ?? null}
      onChange={(name) => set({ tool_name: name ?? undefined, parameters: {} }, 'tool_name')}
    />
  );

  return (
    <Stack gap="sm" aria-label={`Step ${stepLabel(step)}`} component="section">
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h5">
          {kind === 'op' ? 'Step' : STEP_KIND_TEXT[kind].label}
        </Title>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          onClick={onDelete}
        >
          Delete step
        </Button>
      </Group>
      {problems.length > 0 && (
        <Alert color="red" title="To fix before saving" py="xs">
          <Stack gap={2}>
            {problems.map((p) => (
              <Text size="sm" key={p}>
                {p}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <TextInput
        label="Step name"
        value={step.name ?? ''}
        placeholder={stepLabel({ ...step, name: undefined })}
        onChange={(e) => set({ name: e.currentTarget.value || undefined }, 'name')}
      />
      {(kind === 'op' || kind === 'foreach') && operationPicker}
      {kind === 'foreach' && (
        <>
          <JsonField
            id={`${step.id}-items`}
            label="The list to go through"
            value={step.items}
            onChange={(items) => set({ items }, 'items')}
            picker={<TemplateMenu groups={templates} field="the list" onPick={(t) => set({ items: t }, 'items')} />}
          />
          <NumberInput
            label="Items at once"
            min={1}
            max={20}
            value={step.concurrency ?? ''}
            placeholder="4"
            onChange={(v) => set({ concurrency: typeof v === 'number' ? v : undefined }, 'concurrency')}
          />
        </>
      )}
      {(kind === 'op' || kind === 'foreach') && schema && (
        <>
          <Divider
            label={kind === 'foreach' ? 'For each item, call it with' : 'What it is given'}
            labelPosition="left"
          />
          <SchemaFields
            schema={schema}
            value={step.parameters ?? {}}
            onChange={(parameters) => set({ parameters }, 'parameters')}
            templates={templates}
            idPrefix={`${step.id}-param`}
          />
        </>
      )}
      {kind === 'condition' && (
        <>
          <TextInput
            label="Condition"
            description="An expression that is true or false, e.g. steps.find.output.total > 100"
            value={step.if ?? ''}
            onChange={(e) => set({ if: e.currentTarget.value || undefined }, 'if')}
            rightSection={
              <TemplateMenu
                groups={expressions}
                field="the condition"
                onPick={(t) => set({ if: (step.if ?? '') + t }, 'if')}
              />
            }
            rightSectionPointerEvents="all"
          />
          <Select
            label="When it is true, go to"
            data={edgeChoices('The next step in the list')}
            value={target(step.then)}
            onChange={(v) => set({ then: fromTarget(v) }, 'then')}
          />
          <Select
            label="When it is false, go to"
            data={edgeChoices('The next step in the list')}
            value={target(step.else)}
            onChange={(v) => set({ else: fromTarget(v) }, 'else')}
          />
        </>
      )}
      {kind === 'transform' && (
        <JsonField
          id={`${step.id}-output`}
          label="The data to make"
          description='A record whose values may hold {{ }} values, e.g. {"subject": "Order {{ steps.order.output.id }}"}'
          value={step.output}
          onChange={(output) => set({ output }, 'output')}
          picker={<TemplateMenu groups={templates} field="the data" onPick={(t) => set({ output: t }, 'output')} />}
        />
      )}
      {kind === 'validate' && (
        <ValidateFields step={step} set={set} templates={templates} expressions={expressions} others={others} />
      )}
      {kind === 'delay' && (
        <>
          <NumberInput
            label="Seconds to wait"
            min={0}
            value={step.seconds ?? ''}
            onChange={(v) => set({ seconds: typeof v === 'number' ? v : undefined }, 'seconds')}
          />
          <TextInput
            label="Or wait until"
            description="A date and time, e.g. 2026-12-24T09:00:00Z"
            value={step.until ?? ''}
            onChange={(e) => set({ until: e.currentTarget.value || undefined }, 'until')}
            rightSection={<TemplateMenu groups={templates} field="until" onPick={(t) => set({ until: t }, 'until')} />}
            rightSectionPointerEvents="all"
          />
        </>
      )}
      {kind === 'export' && (
        <>
          <Select
            label="Format"
            data={[
              { value: 'csv', label: 'CSV (a table)' },
              { value: 'json', label: 'JSON' },
            ]}
            value={step.format ?? null}
            onChange={(v) => set({ format: (v as 'csv' | 'json' | null) ?? undefined }, 'format')}
          />
          <JsonField
            id={`${step.id}-data`}
            label="What to write"
            description="For CSV, a list of records"
            value={step.data}
            onChange={(data) => set({ data }, 'data')}
            picker={<TemplateMenu groups={templates} field="what to write" onPick={(t) => set({ data: t }, 'data')} />}
          />
          <TextInput
            label="File in the documents"
            description="e.g. reports/contacts-{{ run.id }}.csv"
            value={step.destination ?? ''}
            onChange={(e) => set({ destination: e.currentTarget.value || undefined }, 'destination')}
            rightSection={
              <TemplateMenu
                groups={templates}
                field="the file"
                onPick={(t) => set({ destination: (step.destination ?? '') + t }, 'destination')}
              />
            }
            rightSectionPointerEvents="all"
          />
        </>
      )}
      <Divider label="When and what next" labelPosition="left" />
      <TextInput
        label="Run this step only when"
        description="Leave empty to always run it"
        value={step.condition ?? ''}
        onChange={(e) => set({ condition: e.currentTarget.value || undefined }, 'condition')}
        rightSection={
          <TemplateMenu
            groups={expressions}
            field="the condition"
            onPick={(t) => set({ condition: (step.condition ?? '') + t }, 'condition')}
          />
        }
        rightSectionPointerEvents="all"
      />
      {kind !== 'condition' && (
        <Select
          label="After this step, go to"
          data={edgeChoices('The next step in the list')}
          value={target(step.next)}
          onChange={(v) => set({ next: fromTarget(v) }, 'next')}
        />
      )}
      {kind !== 'condition' && (
        <Group grow align="flex-start">
          <NumberInput
            label="Tries again"
            min={0}
            max={10}
            value={step.retry_count ?? ''}
            placeholder="0"
            onChange={(v) => set({ retry_count: typeof v === 'number' ? v : undefined }, 'retry_count')}
          />
          <NumberInput
            label="Time limit (s)"
            min={1}
            max={86_400}
            value={step.timeout ?? ''}
            placeholder="300"
            onChange={(v) => set({ timeout: typeof v === 'number' ? v : undefined }, 'timeout')}
          />
        </Group>
      )}
      {kind !== 'condition' && (
        <Select
          label="If it fails"
          data={[
            { value: 'fail', label: 'Stop the run' },
            { value: 'continue', label: 'Go on anyway' },
            { value: 'goto', label: 'Go to another step' },
          ]}
          value={step.on_error ?? 'fail'}
          onChange={(v) =>
            set(
              v === 'goto'
                ? { on_error: 'goto' }
                : { on_error: v === 'fail' ? undefined : (v as 'continue'), error_next: undefined },
              'on_error',
            )
          }
        />
      )}
      {step.on_error === 'goto' && (
        <Select
          label="On failure, go to"
          data={others}
          value={step.error_next ?? null}
          onChange={(v) => set({ error_next: v ?? undefined }, 'error_next')}
        />
      )}
      {(kind === 'op' || kind === 'foreach') && (
        <Switch
          label="Safe to run twice"
          description="If Officina stops in the middle of this step, run it again without asking"
          checked={step.idempotent ?? contractOf(step.tool_name)?.annotations.idempotentHint ?? false}
          onChange={(e) => set({ idempotent: e.currentTarget.checked }, 'idempotent')}
        />
      )}
      <StepIdField step={step} steps={steps} onRename={onRename} />
    </Stack>
  );
}

function ValidateFields({
  step,
  set,
  templates,
  expressions,
  others,
}: {
  step: WorkflowStep;
  set: (patch: Partial<WorkflowStep>, group: string) => void;
  templates: ReturnType<typeof templateGroups>;
  expressions: ReturnType<typeof templateGroups>;
  others: { value: string; label: string }[];
}) {
  const rules = step.rules ?? [];
  const setRule = (i: number, patch: Partial<{ check: string; message: string }>) =>
    set({ rules: rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) }, `rule-${i}`);
  return (
    <>
      <JsonField
        id={`${step.id}-items`}
        label="The records to check"
        value={step.items}
        onChange={(items) => set({ items }, 'items')}
        picker={<TemplateMenu groups={templates} field="the records" onPick={(t) => set({ items: t }, 'items')} />}
      />
      <Text size="sm" fw={500}>
        Rules (each record is “item”)
      </Text>
      {rules.map((rule, i) => (
        <Group key={i} gap={4} align="flex-end" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={`Rule ${i + 1}`}
            placeholder='item.email != ""'
            value={rule.check}
            onChange={(e) => setRule(i, { check: e.currentTarget.value })}
            rightSection={
              <TemplateMenu
                groups={expressions}
                field={`rule ${i + 1}`}
                onPick={(t) => setRule(i, { check: rule.check + t })}
              />
            }
            rightSectionPointerEvents="all"
          />
          <TextInput
            style={{ flex: 1 }}
            label={`Message of rule ${i + 1}`}
            placeholder="has no email"
            value={rule.message}
            onChange={(e) => setRule(i, { message: e.currentTarget.value })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove rule ${i + 1}`}
            onClick={() => set({ rules: rules.filter((_, j) => j !== i) }, 'rules')}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => set({ rules: [...rules, { check: '', message: '' }] }, 'rules')}
        style={{ alignSelf: 'flex-start' }}
      >
        Add a rule
      </Button>
      <Select
        label="When some records break a rule"
        data={[
          { value: 'continue', label: 'Go on with the good ones' },
          { value: 'fail', label: 'Stop the run' },
        ]}
        value={step.on_invalid ?? 'continue'}
        onChange={(v) => set({ on_invalid: v === 'fail' ? 'fail' : undefined }, 'on_invalid')}
      />
      <Select
        label="And go to"
        data={[{ value: 'default', label: 'The next step as usual' }, ...others]}
        value={step.invalid_next ?? 'default'}
        onChange={(v) => set({ invalid_next: v === 'default' || v === null ? undefined : v }, 'invalid_next')}
      />
    </>
  );
}

/** The step's id, which later steps' values name ({{ steps.<id>.output… }}): renaming rewrites them. */
function StepIdField({
  step,
  steps,
  onRename,
}: {
  step: WorkflowStep;
  steps: readonly WorkflowStep[];
  onRename: (id: string) => void;
}) {
  const [text, setText] = useState(step.id);
  useEffect(() => setText(step.id), [step.id]);
  const taken = text !== step.id && steps.some((s) => s.id === text);
  const error = !STEP_ID.test(text)
    ? 'A letter or _ first, then letters, digits, _ or -'
    : taken
      ? 'Another step has this name'
      : undefined;
  return (
    <TextInput
      label="Reference name"
      description="How later steps name this one's result; renaming it updates them"
      value={text}
      error={error}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => {
        if (!error && text !== step.id) onRename(text);
        else setText(step.id);
      }}
    />
  );
}
