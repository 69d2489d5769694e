import { Alert, Button, Group, Modal, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { call } from '../../api.js';
import { keys } from '../../live.js';
import { errorMessage, notifyError } from '../../notify.js';
import { navigate } from '../../router.js';
import { contextKeys } from './definition.js';
import { useWorkflowActions, type WorkflowDef } from './workflowQueries.js';
import { humanize } from './words.js';

/** A typed value: numbers, yes/no, lists and records as JSON; anything else as the text it is. */
function readValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'string' ? text : parsed;
  } catch {
    return text;
  }
}

function showValue(value: unknown): string {
  return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** Starts a run: the values the workflow reads from its input ({{ context.x }}), prefilled from the last run. */
export function StartRunModal({
  workflow,
  unsaved,
  onClose,
}: {
  workflow: WorkflowDef;
  /** The designer has changes not saved: the run uses the saved version. */
  unsaved: boolean;
  onClose: () => void;
}) {
  const fields = contextKeys(workflow.steps);
  // The last run's input is the likeliest start for the next one.
  const last = useQuery({
    queryKey: [...keys.workflows, 'last-context', workflow.workflow_id],
    queryFn: async () => {
      const [latest] = (await call('list_executions', { workflow_id: workflow.workflow_id, limit: 1 })).items;
      if (!latest) return {};
      const run = await call('get_execution_status', { execution_id: latest.execution_id });
      return (run.context ?? {}) as Record<string, unknown>;
    },
    staleTime: 0,
  });
  const [values, setValues] = useState<Record<string, string>>({});
  const [asJson, setAsJson] = useState(false);
  const [json, setJson] = useState('{}');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const { execute } = useWorkflowActions();

  useEffect(() => {
    if (!last.data) return;
    setValues(Object.fromEntries(Object.entries(last.data).map(([k, v]) => [k, showValue(v)])));
  }, [last.data]);

  const context = (): Record<string, unknown> | null => {
    if (asJson) {
      try {
        const parsed: unknown = JSON.parse(json);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Give a record: { … }');
        setJsonError(null);
        return parsed as Record<string, unknown>;
      } catch (error) {
        setJsonError(`Not a JSON record: ${errorMessage(error)}`);
        return null;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(values)) {
      const value = readValue(text);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };

  const start = () => {
    const input = context();
    if (!input) return;
    execute.mutate(
      { workflow_id: workflow.workflow_id, context: input },
      {
        onSuccess: (run) => {
          onClose();
          navigate(`/workflows/${workflow.workflow_id}/runs/${run.execution_id}`);
        },
        onError: (error) => notifyError('Could not start the run', error),
      },
    );
  };

  const keysShown = [...new Set([...fields, ...Object.keys(values)])];
  return (
    <Modal opened onClose={onClose} title={`Run “${workflow.name}”`} size="lg">
      <Stack gap="sm">
        {unsaved && (
          <Alert color="yellow" py="xs">
            The designer has changes you have not saved: this run uses version {workflow.version}, as last saved.
          </Alert>
        )}
        <Switch
          label="Write the input as JSON"
          checked={asJson}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            if (on) setJson(JSON.stringify(context() ?? {}, null, 2));
            setAsJson(on);
          }}
        />
        {asJson ? (
          <Textarea
            label="Input"
            autosize
            minRows={6}
            ff="monospace"
            value={json}
            onChange={(e) => setJson(e.currentTarget.value)}
            error={jsonError}
          />
        ) : keysShown.length === 0 ? (
          <Text size="sm" c="dimmed">
            This workflow reads no input: start it as it is.
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              What this run is given. Numbers, yes/no (true/false), lists and records are read as JSON.
            </Text>
            {keysShown.map((key) => (
              <TextInput
                key={key}
                label={humanize(key)}
                value={values[key] ?? ''}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  setValues((v) => ({ ...v, [key]: text }));
                }}
              />
            ))}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={start} loading={execute.isPending}>
            Start run
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
