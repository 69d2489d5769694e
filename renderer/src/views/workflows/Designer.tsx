import {
  Accordion,
  Alert,
  Button,
  Drawer,
  Group,
  NumberInput,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconClipboard,
  IconCopy,
  IconDeviceFloppy,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  type Connection,
  type Edge,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Contract } from '../../../../shared/operation.js';
import type { StepKind, WorkflowStep, WorkflowTrigger } from '../../../../shared/workflows.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { navigate } from '../../router.js';
import { paletteGroups } from './catalogue.js';
import { stepsFromClipboardText, stepsToClipboardText } from './clipboard.js';
import {
  connect,
  freshId,
  insertStep,
  layout,
  pasteSteps,
  removeSteps,
  renameStep,
  type EdgeKind,
} from './definition.js';
import { record, redo, startHistory, undo, type History } from './history.js';
import { problemText, stepLabel } from './problems.js';
import { StepPanel } from './StepPanel.js';
import { KIND_ICON, nodeTypes, toFlow, type StepFlowNode } from './StepNode.js';
import { useValidation, useWorkflowActions, type WorkflowDef } from './workflowQueries.js';
import { STEP_KIND_TEXT } from './words.js';

interface Draft {
  name: string;
  description: string;
  trigger: WorkflowTrigger;
  max_concurrent: number | null;
  steps: WorkflowStep[];
}

function draftOf(workflow: WorkflowDef): Draft {
  return {
    name: workflow.name,
    description: workflow.description ?? '',
    trigger: workflow.trigger,
    max_concurrent: workflow.max_concurrent,
    steps: workflow.steps,
  };
}

/**
 * The last steps copied here, for when the system clipboard cannot be used (a browser that refuses
 * it): pasting then works within this window only.
 */
let copiedHere: WorkflowStep[] = [];

const OTHER_KINDS: Exclude<StepKind, 'op'>[] = ['condition', 'foreach', 'transform', 'validate', 'delay', 'export'];

function newStepOfKind(kind: Exclude<StepKind, 'op'>, id: string): WorkflowStep {
  switch (kind) {
    case 'condition':
      return { id, kind };
    case 'foreach':
      return { id, kind, parameters: {} };
    case 'transform':
      return { id, kind, output: {} };
    case 'validate':
      return { id, kind, rules: [{ check: '', message: '' }] };
    case 'delay':
      return { id, kind, seconds: 60 };
    case 'export':
      return { id, kind, format: 'csv', destination: 'reports/export-{{ run.id }}.csv' };
  }
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Text chosen on the page (a run's output, a description) is the person's to copy, not the steps. */
function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString().trim() !== '';
}

/** The designer: the workflow as a graph, a palette to add steps, and the chosen step's form. */
export interface DesignerProps {
  workflow: WorkflowDef;
  /** Not saved yet: Save makes it (create_workflow) instead of a new version. */
  isNew?: boolean;
  onDirtyChange: (dirty: boolean) => void;
}

/** A workflow not saved yet, as the designer starts it. */
export function blankWorkflow(name: string): WorkflowDef {
  return {
    workflow_id: '',
    name,
    description: null,
    version: 0,
    enabled: true,
    trigger: { type: 'manual' },
    max_concurrent: null,
    steps: [],
    created_by: 'person',
    created_at: '',
    updated_at: '',
    next_run_at: null,
  };
}

export function Designer(props: DesignerProps) {
  return (
    <ReactFlowProvider>
      <DesignerInner {...props} />
    </ReactFlowProvider>
  );
}

function DesignerInner({ workflow, isNew = false, onDirtyChange }: DesignerProps) {
  const [history, setHistory] = useState<History<Draft>>(() => startHistory(draftOf(workflow)));
  const [saved, setSaved] = useState<Draft>(history.present);
  const draft = history.present;
  const { steps } = draft;
  const dirty = draft !== saved || (isNew && draft.steps.length > 0);
  // React Flow's nodes hold the selection (clicks, drag boxes); a step just added or pasted is chosen
  // once its node exists.
  const [nodes, setNodes] = useState<StepFlowNode[]>([]);
  const pendingSelection = useRef<ReadonlySet<string> | null>(null);
  const selected = useMemo(() => new Set(nodes.filter((n) => n.selected).map((n) => n.id)), [nodes]);
  const setSelected = useCallback((ids: ReadonlySet<string>) => {
    pendingSelection.current = ids;
    setNodes((current) => current.map((n) => (n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) })));
  }, []);
  const narrow = useMediaQuery('(max-width: 62em)') ?? false;
  const [paletteOpen, setPaletteOpen] = useState(false);
  const { update, create } = useWorkflowActions();

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  // A new version saved elsewhere (another window, the assistant) is shown unless there are unsaved changes here.
  const version = useRef(workflow.version);
  useEffect(() => {
    if (workflow.version === version.current) return;
    version.current = workflow.version;
    if (!dirty) {
      const fresh = draftOf(workflow);
      setHistory(startHistory(fresh));
      setSaved(fresh);
    }
  }, [workflow, dirty]);

  const change = useCallback((next: Draft | ((d: Draft) => Draft), group: string | null = null) => {
    setHistory((h) => record(h, typeof next === 'function' ? next(h.present) : next, group));
  }, []);
  const setSteps = useCallback(
    (next: (steps: WorkflowStep[]) => WorkflowStep[], group: string | null = null) =>
      change((d) => ({ ...d, steps: next(d.steps) }), group),
    [change],
  );

  // Checked by the engine itself (validate_workflow) a moment after each change.
  const [checkedSteps] = useDebouncedValue(steps, 400);
  const [checkedTrigger] = useDebouncedValue(draft.trigger, 400);
  const validation = useValidation(checkedSteps, checkedTrigger, workflow.workflow_id);
  const problems = useMemo(() => validation.data?.problems ?? [], [validation.data]);
  const problemsByStep = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const problem of problems) {
      if (problem.step_id === null) continue;
      map.set(problem.step_id, [...(map.get(problem.step_id) ?? []), problemText(problem, checkedSteps)]);
    }
    return map;
  }, [problems, checkedSteps]);
  const workflowProblems = problems.filter((p) => p.step_id === null).map((p) => problemText(p, checkedSteps));
  // Shown under the trigger's own fields, by field (trigger.when, trigger.folder, …).
  const triggerProblems = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of problems)
      if (p.step_id === null && p.path.startsWith('trigger.')) map.set(p.path.slice(8), p.message);
    return map;
  }, [problems]);

  // React Flow's nodes: from the draft, moved locally while dragged, written back when dropped.
  const edges = useMemo(() => toFlow(steps, () => ({ problems: [] })).edges, [steps]);
  useEffect(() => {
    setNodes((current) => {
      const keep = pendingSelection.current ?? new Set(current.filter((n) => n.selected).map((n) => n.id));
      pendingSelection.current = null;
      return toFlow(steps, (step) => ({ problems: problemsByStep.get(step.id) ?? [] }), keep).nodes;
    });
  }, [steps, problemsByStep]);
  const onNodesChange = useCallback((changes: NodeChange<StepFlowNode>[]) => {
    if (changes.some((c) => c.type === 'select')) pendingSelection.current = null;
    setNodes((current) => applyNodeChanges(changes, current));
  }, []);
  const onNodeDragStop = useCallback(
    (_: unknown, __: unknown, moved: StepFlowNode[]) => {
      const where = new Map(nodes.map((n) => [n.id, n.position]));
      for (const node of moved) where.set(node.id, node.position);
      setSteps((all) =>
        all.map((s) => {
          const p = where.get(s.id);
          return p ? { ...s, position: { x: Math.round(p.x), y: Math.round(p.y) } } : s;
        }),
      );
    },
    [nodes, setSteps],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (connection.source === connection.target) return;
      setSteps((all) =>
        connect(all, connection.source, (connection.sourceHandle ?? 'next') as EdgeKind, connection.target),
      );
    },
    [setSteps],
  );
  const onEdgesDelete = useCallback(
    (edges: Edge[]) =>
      setSteps((all) =>
        edges.reduce(
          (current, edge) =>
            connect(current, edge.source, (edge.data as { kind?: EdgeKind } | undefined)?.kind ?? 'next', null),
          all,
        ),
      ),
    [setSteps],
  );
  const deleteSteps = useCallback(
    (ids: ReadonlySet<string>) => {
      if (ids.size === 0) return;
      setSteps((all) => removeSteps(all, ids));
      setSelected(new Set());
    },
    [setSteps],
  );

  /** Adds a step after the chosen one (or at the end), placed below it, and chooses it. */
  const addStep = useCallback(
    (make: (id: string) => WorkflowStep, base: string) => {
      const after = [...selected].at(-1) ?? steps.at(-1)?.id ?? null;
      const id = freshId(steps, base);
      let step = make(id);
      if (steps.some((s) => s.position)) {
        const places = layout(steps);
        const from = after ? places.get(after) : undefined;
        const lowest = Math.max(0, ...[...places.values()].map((p) => p.y));
        step = { ...step, position: from ? { x: from.x, y: from.y + 130 } : { x: 0, y: lowest + 130 } };
      }
      setSteps((all) => insertStep(all, step, after));
      setSelected(new Set([id]));
      setPaletteOpen(false);
    },
    [selected, steps, setSteps],
  );
  const addOperation = (contract: Contract) =>
    addStep((id) => ({ id, tool_name: contract.name, parameters: {} }), contract.title);
  const addKind = (kind: Exclude<StepKind, 'op'>) =>
    addStep((id) => newStepOfKind(kind, id), STEP_KIND_TEXT[kind].label);

  const chosenSteps = useCallback(() => steps.filter((s) => selected.has(s.id)), [steps, selected]);
  const copied = (chosen: WorkflowStep[]) =>
    notifySuccess(chosen.length === 1 ? `Copied “${stepLabel(chosen[0])}”` : `Copied ${chosen.length} steps`);
  /** The Copy button: to the system clipboard, so the steps paste into another workflow, tab or window. */
  const copy = useCallback(() => {
    const chosen = chosenSteps();
    if (chosen.length === 0) return;
    copiedHere = chosen;
    navigator.clipboard
      .writeText(stepsToClipboardText(chosen))
      .then(() => copied(chosen))
      .catch(() => notifySuccess('Copied, for pasting in this window (the system clipboard is not available here)'));
  }, [chosenSteps]);
  const pasteText = useCallback(
    (text: string | null) => {
      const read = text === null ? { ok: true as const, steps: copiedHere } : stepsFromClipboardText(text);
      if (!read.ok) {
        notifyError('Nothing pasted', new Error(read.message));
        return;
      }
      if (read.steps.length === 0) return;
      const copies = pasteSteps(steps, read.steps);
      setSteps((all) => [...all, ...copies]);
      setSelected(new Set(copies.map((s) => s.id)));
    },
    [steps, setSteps],
  );
  /** The Paste button: from the system clipboard (the browser may ask the person first). */
  const paste = useCallback(() => {
    if (!navigator.clipboard?.readText) {
      pasteText(null);
      return;
    }
    navigator.clipboard.readText().then(pasteText, () => pasteText(null));
  }, [pasteText]);

  // Keyboard: undo/redo, unless the person is typing in a field (which has its own).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) setHistory(undo);
      else if ((key === 'z' && event.shiftKey) || key === 'y') setHistory(redo);
      else return;
      event.preventDefault();
    };
    // Ctrl/Cmd+C and V: the browser's own copy and paste events, which carry the system clipboard
    // without asking for a permission.
    const onCopy = (event: ClipboardEvent) => {
      if (isTyping(event.target) || hasTextSelection()) return;
      const chosen = chosenSteps();
      if (chosen.length === 0 || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', stepsToClipboardText(chosen));
      event.preventDefault();
      copiedHere = chosen;
      copied(chosen);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target) || !event.clipboardData) return;
      event.preventDefault();
      pasteText(event.clipboardData.getData('text/plain'));
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('copy', onCopy);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('paste', onPaste);
    };
  }, [chosenSteps, pasteText]);

  const save = () => {
    if (problems.length > 0) {
      notifyError(
        'Not saved: fix the problems first',
        new Error([...workflowProblems, ...[...problemsByStep.values()].flat()].slice(0, 3).join(' ')),
      );
      return;
    }
    const sent = draft;
    if (isNew) {
      create.mutate(
        {
          name: sent.name,
          ...(sent.description.trim() ? { description: sent.description } : {}),
          steps: sent.steps,
          trigger: sent.trigger,
          ...(sent.max_concurrent !== null ? { max_concurrent: sent.max_concurrent } : {}),
        },
        {
          onSuccess: (result) => {
            setSaved(sent);
            notifySuccess(`Saved “${result.name}”`);
            navigate(`/workflows/${result.workflow_id}`);
          },
          onError: (error) => notifyError('Could not save the workflow', error),
        },
      );
      return;
    }
    update.mutate(
      {
        workflow_id: workflow.workflow_id,
        name: sent.name,
        description: sent.description.trim() === '' ? null : sent.description,
        steps: sent.steps,
        trigger: sent.trigger,
        max_concurrent: sent.max_concurrent,
      },
      {
        onSuccess: (result) => {
          version.current = result.version;
          setSaved(sent);
          notifySuccess(`Saved “${result.name}” as version ${result.version}`);
        },
        onError: (error) => notifyError('Could not save the workflow', error),
      },
    );
  };

  const chosen = selected.size === 1 ? steps.find((s) => selected.has(s.id)) : undefined;
  const palette = <Palette onOperation={addOperation} onKind={addKind} />;
  const panel = chosen ? (
    <StepPanel
      key={chosen.id}
      step={chosen}
      steps={steps}
      problems={problemsByStep.get(chosen.id) ?? []}
      onChange={(next, group) => setSteps((all) => all.map((s) => (s.id === chosen.id ? next : s)), group)}
      onRename={(id) => {
        setSteps((all) => renameStep(all, chosen.id, id));
        setSelected(new Set([id]));
      }}
      onDelete={() => deleteSteps(new Set([chosen.id]))}
    />
  ) : (
    <WorkflowSettings draft={draft} onChange={change} selectedCount={selected.size} triggerProblems={triggerProblems} />
  );

  return (
    <Stack gap="xs" style={{ flex: 1, minHeight: 0 }}>
      <Group gap="xs" justify="space-between">
        <Group gap={4}>
          {narrow && (
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setPaletteOpen(true)}>
              Add a step
            </Button>
          )}
          <Tooltip label="Undo (Ctrl+Z)">
            <Button
              size="xs"
              variant="default"
              aria-label="Undo"
              disabled={history.past.length === 0}
              onClick={() => setHistory(undo)}
            >
              <IconArrowBackUp size={16} aria-hidden />
            </Button>
          </Tooltip>
          <Tooltip label="Redo (Ctrl+Shift+Z)">
            <Button
              size="xs"
              variant="default"
              aria-label="Redo"
              disabled={history.future.length === 0}
              onClick={() => setHistory(redo)}
            >
              <IconArrowForwardUp size={16} aria-hidden />
            </Button>
          </Tooltip>
          <Tooltip label="Copy the chosen steps (Ctrl+C)">
            <Button size="xs" variant="default" aria-label="Copy steps" disabled={selected.size === 0} onClick={copy}>
              <IconCopy size={16} aria-hidden />
            </Button>
          </Tooltip>
          <Tooltip label="Paste steps (Ctrl+V)">
            <Button size="xs" variant="default" aria-label="Paste steps" onClick={paste}>
              <IconClipboard size={16} aria-hidden />
            </Button>
          </Tooltip>
          <Tooltip label="Delete the chosen steps (Delete)">
            <Button
              size="xs"
              variant="default"
              aria-label="Delete steps"
              disabled={selected.size === 0}
              onClick={() => deleteSteps(selected)}
            >
              <IconTrash size={16} aria-hidden />
            </Button>
          </Tooltip>
        </Group>
        <Group gap="xs">
          <Text size="xs" c={problems.length > 0 ? 'red' : 'dimmed'} aria-live="polite">
            {validation.isFetching && !validation.data
              ? 'Checking…'
              : problems.length > 0
                ? `${problems.length} problem${problems.length > 1 ? 's' : ''} to fix`
                : isNew
                  ? 'Not saved yet'
                  : dirty
                    ? 'Unsaved changes'
                    : `Version ${workflow.version}, saved`}
          </Text>
          <Button
            size="xs"
            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
            onClick={save}
            loading={update.isPending || create.isPending}
            disabled={!dirty}
          >
            Save
          </Button>
        </Group>
      </Group>
      {workflowProblems.length > 0 && (
        <Alert color="red" py="xs" title="The workflow as a whole">
          {workflowProblems.map((p) => (
            <Text size="sm" key={p}>
              {p}
            </Text>
          ))}
        </Alert>
      )}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: narrow ? '1fr' : '220px minmax(0, 1fr) 340px',
          gridTemplateRows: narrow ? '420px auto' : 'minmax(0, 1fr)',
          gap: 'var(--mantine-spacing-sm)',
          flex: 1,
          minHeight: narrow ? undefined : 0,
        }}
      >
        {!narrow && (
          <ScrollArea aria-label="Steps to add" style={{ minHeight: 0 }}>
            {palette}
          </ScrollArea>
        )}
        <div className="workflow-canvas" aria-label="Workflow graph" role="region">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onNodeDragStop={onNodeDragStop}
            onConnect={onConnect}
            onEdgesDelete={onEdgesDelete}
            onNodesDelete={(deleted) => deleteSteps(new Set(deleted.map((n) => n.id)))}
            deleteKeyCode={['Delete', 'Backspace']}
            fitView
            fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
            minZoom={0.2}
          >
            <Background gap={20} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <ScrollArea style={{ minHeight: 0 }} offsetScrollbars>
          {panel}
        </ScrollArea>
      </div>
      <Drawer opened={narrow && paletteOpen} onClose={() => setPaletteOpen(false)} title="Add a step" size="sm">
        {palette}
      </Drawer>
    </Stack>
  );
}

function Palette({
  onOperation,
  onKind,
}: {
  onOperation: (c: Contract) => void;
  onKind: (k: Exclude<StepKind, 'op'>) => void;
}) {
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const groups = paletteGroups
    .map((g) => ({
      ...g,
      operations: g.operations.filter(
        (c) => !needle || c.title.toLowerCase().includes(needle) || g.label.toLowerCase().includes(needle),
      ),
    }))
    .filter((g) => g.operations.length > 0);
  const kinds = OTHER_KINDS.filter((k) => !needle || STEP_KIND_TEXT[k].label.toLowerCase().includes(needle));
  const [open, setOpen] = useState<string[]>(['Logic and data']);
  // While searching, every group with a match is open.
  const shown = needle ? ['Logic and data', ...groups.map((g) => g.label)] : open;
  return (
    <Stack gap="xs">
      <TextInput
        size="xs"
        placeholder="Find a step"
        aria-label="Find a step to add"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      <Accordion
        multiple
        value={shown}
        onChange={(value) => !needle && setOpen(value)}
        variant="contained"
        chevronPosition="left"
      >
        {kinds.length > 0 && (
          <Accordion.Item value="Logic and data">
            <Accordion.Control>Logic and data</Accordion.Control>
            <Accordion.Panel>
              <Stack gap={2}>
                {kinds.map((kind) => {
                  const Icon = KIND_ICON[kind];
                  return (
                    <PaletteEntry
                      key={kind}
                      label={STEP_KIND_TEXT[kind].label}
                      about={STEP_KIND_TEXT[kind].about}
                      icon={<Icon size={16} aria-hidden />}
                      onClick={() => onKind(kind)}
                    />
                  );
                })}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        )}
        {groups.map((group) => (
          <Accordion.Item value={group.label} key={group.label}>
            <Accordion.Control>{group.label}</Accordion.Control>
            <Accordion.Panel>
              <Stack gap={2}>
                {group.operations.map((contract) => (
                  <PaletteEntry key={contract.name} label={contract.title} onClick={() => onOperation(contract)} />
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

function PaletteEntry({
  label,
  about,
  icon,
  onClick,
}: {
  label: string;
  about?: string;
  icon?: React.ReactNode;
  onClick: () => void;
}) {
  return (
    <UnstyledButton onClick={onClick} className="palette-entry" aria-label={`Add step: ${label}`} title={about}>
      <Group gap={6} wrap="nowrap">
        {icon}
        <Text size="sm">{label}</Text>
      </Group>
    </UnstyledButton>
  );
}

const TRIGGER_EVENTS = [
  { value: 'record.changed', label: 'A record changes (customer, order, product…)' },
  { value: 'document.changed', label: 'A document changes' },
  { value: 'monitor.changed', label: 'A watched page changes' },
  { value: 'run.updated', label: 'Another workflow’s run moves on' },
];

/** With no step chosen: the workflow's name, description and what starts it. */
function WorkflowSettings({
  draft,
  onChange,
  selectedCount,
  triggerProblems,
}: {
  draft: Draft;
  onChange: (next: (d: Draft) => Draft, group: string) => void;
  selectedCount: number;
  triggerProblems: ReadonlyMap<string, string>;
}) {
  const { trigger } = draft;
  const setTrigger = (next: WorkflowTrigger) => onChange((d) => ({ ...d, trigger: next }), 'trigger');
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {selectedCount > 1
          ? `${selectedCount} steps chosen: copy, delete or move them together.`
          : 'Choose a step in the graph to change it, or add one from the list.'}
      </Text>
      <TextInput
        label="Workflow name"
        required
        value={draft.name}
        onChange={(e) => {
          const name = e.currentTarget.value;
          onChange((d) => ({ ...d, name }), 'name');
        }}
      />
      <Textarea
        label="Description"
        autosize
        minRows={2}
        value={draft.description}
        onChange={(e) => {
          const description = e.currentTarget.value;
          onChange((d) => ({ ...d, description }), 'description');
        }}
      />
      <Select
        label="Starts"
        data={[
          { value: 'manual', label: 'When you start it' },
          { value: 'schedule', label: 'On a schedule' },
          { value: 'event', label: 'When something happens' },
        ]}
        value={trigger.type}
        allowDeselect={false}
        onChange={(type) =>
          setTrigger(
            type === 'schedule'
              ? { type: 'schedule', cron: '0 9 * * 1-5' }
              : type === 'event'
                ? { type: 'event', event: 'record.changed' }
                : { type: 'manual' },
          )
        }
      />
      {trigger.type === 'schedule' && (
        <>
          <TextInput
            label="Schedule (cron)"
            description="minute hour day month weekday, e.g. 0 9 * * 1-5 for 9:00 on weekdays"
            value={trigger.cron}
            onChange={(e) => setTrigger({ ...trigger, cron: e.currentTarget.value })}
          />
          <TextInput
            label="Time zone"
            description="e.g. Europe/Rome; empty: the business time zone"
            value={trigger.timezone ?? ''}
            onChange={(e) => {
              const { timezone: _old, ...rest } = trigger;
              const timezone = e.currentTarget.value;
              setTrigger(timezone ? { ...rest, timezone } : rest);
            }}
          />
        </>
      )}
      {trigger.type === 'event' && (
        <>
          <Select
            label="What happens"
            data={TRIGGER_EVENTS}
            allowDeselect={false}
            value={trigger.event}
            onChange={(event) => event && setTrigger({ ...trigger, event: event as typeof trigger.event })}
          />
          {trigger.event === 'record.changed' && (
            <Group grow>
              <TextInput
                label="Kind of record"
                placeholder="order"
                value={trigger.entity ?? ''}
                onChange={(e) => setTrigger(optional(trigger, 'entity', e.currentTarget.value))}
              />
              <TextInput
                label="Change"
                placeholder="created"
                value={trigger.action ?? ''}
                onChange={(e) => setTrigger(optional(trigger, 'action', e.currentTarget.value))}
              />
            </Group>
          )}
          {trigger.event === 'record.changed' && (trigger.entity ?? 'order') === 'order' && (
            <TextInput
              label="Only when the order becomes"
              description="An order status, e.g. paid or shipped; empty: any change"
              placeholder="paid"
              value={trigger.status ?? ''}
              error={triggerProblems.get('status')}
              onChange={(e) => setTrigger(optional(trigger, 'status', e.currentTarget.value))}
            />
          )}
          {trigger.event === 'document.changed' && (
            <TextInput
              label="Only in folder"
              description="e.g. inbox; empty: anywhere in the vault"
              value={trigger.folder ?? ''}
              error={triggerProblems.get('folder')}
              onChange={(e) => setTrigger(optional(trigger, 'folder', e.currentTarget.value))}
            />
          )}
          <TextInput
            label="Only if"
            description="A condition on what happened, e.g. event.id > 100 or event.path.endsWith('.md'); empty: always"
            placeholder="event.id > 100"
            value={trigger.when ?? ''}
            error={triggerProblems.get('when')}
            onChange={(e) => setTrigger(optional(trigger, 'when', e.currentTarget.value))}
          />
        </>
      )}
      <NumberInput
        label="Runs at once"
        description="Empty: as many as Officina allows"
        min={1}
        max={100}
        value={draft.max_concurrent ?? ''}
        onChange={(v) =>
          onChange((d) => ({ ...d, max_concurrent: typeof v === 'number' ? v : null }), 'max_concurrent')
        }
      />
    </Stack>
  );
}

function optional<T extends Record<string, unknown>>(value: T, key: string, text: string): T {
  const next: Record<string, unknown> = { ...value };
  if (text.trim()) next[key] = text;
  else delete next[key];
  return next as T;
}
