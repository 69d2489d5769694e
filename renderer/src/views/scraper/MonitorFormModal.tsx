import { Alert, Button, Group, Modal, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { differs, useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import type { Monitor } from '../../../../shared/monitors.js';
import { ApiError } from '../../api.js';
import { errorSentence, issueSentence } from '../../errorWords.js';
import { notifySuccess } from '../../notify.js';
import { SelectorEditor, selectorProblems } from './SelectorEditor.js';
import { useMonitorActions } from './scraperQueries.js';
import { RENDER_CHOICES, RENDER_HELP, type RenderChoice } from './render.js';
import { newRow, selectorsOf, type SelectorRow } from './selectors.js';

export const INTERVALS = [
  { value: '', label: 'Only when I ask' },
  { value: '15', label: 'Every 15 minutes' },
  { value: '60', label: 'Every hour' },
  { value: '360', label: 'Every 6 hours' },
  { value: '1440', label: 'Every day' },
  { value: '10080', label: 'Every week' },
];

export function intervalLabel(minutes: number | null): string {
  if (minutes === null) return 'Only when asked';
  const known = INTERVALS.find((i) => i.value === String(minutes));
  if (known) return known.label;
  if (minutes % 1440 === 0) return `Every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return `Every ${minutes / 60} hours`;
  return `Every ${minutes} minutes`;
}

function rowsOf(monitor: Monitor): SelectorRow[] {
  return Object.entries(monitor.selectors ?? {}).map(([name, spec]) =>
    typeof spec === 'string'
      ? newRow(name, spec)
      : newRow(
          name,
          String((spec as { selector: string }).selector),
          String((spec as { attribute?: string }).attribute ?? ''),
        ),
  );
}

/** Watch a page (new), or change what and how often a watched page is checked (edit). */
export function MonitorFormModal({
  opened,
  monitor,
  initial,
  onClose,
  onCreated,
}: {
  opened: boolean;
  monitor?: Monitor;
  initial?: { url: string; rows: SelectorRow[]; render?: RenderChoice };
  onClose: () => void;
  onCreated?: (id: number) => void;
}) {
  const { create, update } = useMonitorActions();
  const [url, setUrl] = useState(monitor?.url ?? initial?.url ?? '');
  const [name, setName] = useState(monitor?.name ?? '');
  const [rows, setRows] = useState<SelectorRow[]>(monitor ? rowsOf(monitor) : (initial?.rows ?? []));
  const [interval, setInterval] = useState(monitor ? String(monitor.interval_minutes ?? '') : '1440');
  const [ignoreParts, setIgnoreParts] = useState<string[]>(monitor?.ignore_selectors ?? []);
  const [ignoreText, setIgnoreText] = useState<string[]>(monitor?.ignore_patterns ?? []);
  const [robots, setRobots] = useState(monitor?.respect_robots ?? true);
  const [render, setRender] = useState<RenderChoice>(monitor?.render ?? initial?.render ?? 'auto');
  const [webhook, setWebhook] = useState(monitor?.webhook_url ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldProblems, setFieldProblems] = useState<Record<string, string>>({});
  const busy = create.isPending || update.isPending;
  const current = { url, name, rows, interval, ignoreParts, ignoreText, robots, render, webhook };
  const [openedWith] = useState(current);
  const unsaved = useUnsavedChanges(differs(current, openedWith), onClose);

  const fail = (error: unknown) => {
    if (error instanceof ApiError) {
      setFieldProblems(Object.fromEntries(error.issues.map((i) => [i.path.split('.')[0] ?? '', issueSentence(i)])));
      const selectors = selectorProblems(error.issues);
      if (Object.keys(selectors).length === 0) setProblem(errorSentence(error));
      else
        setFieldProblems((p) => ({
          ...p,
          ...Object.fromEntries(Object.entries(selectors).map(([k, v]) => [`selectors.${k}`, v])),
        }));
    } else setProblem(String(error));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setFieldProblems({});
    const minutes = interval === '' ? null : Number(interval);
    const common = {
      selectors: selectorsOf(rows),
      ignore_selectors: ignoreParts,
      ignore_patterns: ignoreText,
      respect_robots: robots,
      render,
    };
    if (monitor) {
      update.mutate(
        {
          monitor_id: monitor.id,
          ...common,
          interval: minutes,
          webhook_url: webhook.trim() || null,
          ...(name.trim() ? { name: name.trim() } : {}),
        },
        {
          onSuccess: () => {
            notifySuccess('Changes saved');
            onClose();
          },
          onError: fail,
        },
      );
      return;
    }
    create.mutate(
      {
        url: url.trim(),
        ...common,
        // A new monitor has no selectors or schedule to clear: none is left out.
        selectors: common.selectors ?? undefined,
        interval: minutes ?? undefined,
        ...(webhook.trim() ? { webhook_url: webhook.trim() } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      },
      {
        onSuccess: (check) => {
          notifySuccess(`Watching ${check.monitor?.name ?? url}`);
          if (check.monitor) onCreated?.(check.monitor.id);
          onClose();
        },
        onError: fail,
      },
    );
  };

  const rowProblems = Object.fromEntries(
    Object.entries(fieldProblems)
      .filter(([k]) => k.startsWith('selectors.'))
      .map(([k, v]) => [k.slice('selectors.'.length), v]),
  );

  return (
    <>
      <Modal
        {...unsaved.modalProps}
        opened={opened}
        onClose={unsaved.close}
        title={monitor ? `Change how ${monitor.name} is watched` : 'Watch a page for changes'}
        size="xl"
      >
        <form onSubmit={submit}>
          <Stack gap="sm">
            {problem && (
              <Alert color="red" title={monitor ? 'Could not save the changes' : 'Could not watch this page'}>
                {problem}
              </Alert>
            )}
            <TextInput
              label="Web page"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              disabled={monitor !== undefined}
              required
              type="url"
              error={fieldProblems['url']}
            />
            <TextInput
              label="Name"
              description="How this page is called in lists and notifications"
              placeholder="Made up from the address"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <div>
              <Text fw={500} size="sm">
                What to watch
              </Text>
              <Text size="xs" c="dimmed" mb={4}>
                Parts of the page picked by CSS selectors; with none, the page’s main text.
              </Text>
              <SelectorEditor rows={rows} onChange={setRows} problems={rowProblems} />
            </div>
            <Select
              label="Check"
              data={INTERVALS}
              value={interval}
              onChange={(value) => setInterval(value ?? '')}
              allowDeselect={false}
              error={fieldProblems['interval']}
            />
            <TagsInput
              label="Parts to leave out"
              description="CSS selectors of things that change all the time: clocks, ads, counters"
              placeholder=".clock, #ads"
              value={ignoreParts}
              onChange={setIgnoreParts}
              error={fieldProblems['ignore_selectors']}
            />
            <TagsInput
              label="Text to leave out"
              description="Patterns (regular expressions) such as Updated \d+ minutes ago"
              value={ignoreText}
              onChange={setIgnoreText}
              error={fieldProblems['ignore_patterns']}
            />
            <Select
              label="Run the page’s scripts"
              description={RENDER_HELP}
              data={RENDER_CHOICES}
              value={render}
              onChange={(value) => setRender((value as RenderChoice | null) ?? 'auto')}
              allowDeselect={false}
              error={fieldProblems['render']}
            />
            <TextInput
              label="Also send changes to"
              description="A web address (webhook) that receives each change as JSON, for chat or other tools. Leave empty for none."
              placeholder="https://hooks.example.com/…"
              value={webhook}
              onChange={(e) => setWebhook(e.currentTarget.value)}
              type="url"
              error={fieldProblems['webhook_url']}
            />
            <Switch
              label="Follow the site’s robots.txt"
              description="Turn off only for a site of your own that asks robots to stay away"
              checked={robots}
              onChange={(e) => setRobots(e.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={unsaved.close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                {monitor ? 'Save changes' : 'Watch page'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
  );
}
