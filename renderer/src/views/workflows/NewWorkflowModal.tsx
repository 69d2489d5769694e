import { Button, Group, Loader, Modal, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorNotice } from '../../components/ListNotices.js';
import { notifyError } from '../../notify.js';
import { navigate } from '../../router.js';
import { useTemplates, useWorkflowActions } from './workflowQueries.js';

const BLANK = '';

/** "New workflow": a blank one opens in the designer (saved from there), a template is saved at once. */
export function NewWorkflowModal({ onClose }: { onClose: () => void }) {
  const templates = useTemplates();
  const [choice, setChoice] = useState<string>(BLANK);
  const [name, setName] = useState('');
  const { create } = useWorkflowActions();
  const template = templates.data?.find((t) => t.template_id === choice);

  const go = () => {
    if (!template) {
      onClose();
      navigate('/workflows/new', { name: name.trim() || undefined });
      return;
    }
    create.mutate(
      { template: template.template_id, name: name.trim() || template.name },
      {
        onSuccess: (workflow) => {
          onClose();
          navigate(`/workflows/${workflow.workflow_id}`);
        },
        onError: (error) => notifyError('Could not make the workflow', error),
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="New workflow" size="xl">
      <Stack gap="sm">
        <Radio.Group value={choice} onChange={setChoice} label="Start from" name="workflow-start">
          {templates.isPending ? (
            <Loader size="sm" aria-label="Loading templates" />
          ) : templates.isError ? (
            <ErrorNotice
              compact
              title="Could not load the templates"
              error={templates.error}
              onRetry={() => void templates.refetch()}
            />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              <Radio.Card value={BLANK} p="sm" radius="md">
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600}>Blank</Text>
                    <Text size="sm" c="dimmed">
                      Draw it yourself, step by step.
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
              {templates.data.map((t) => (
                <Radio.Card key={t.template_id} value={t.template_id} p="sm" radius="md">
                  <Group wrap="nowrap" align="flex-start">
                    <Radio.Indicator />
                    <div>
                      <Text fw={600}>{t.name}</Text>
                      <Text size="sm" c="dimmed">
                        {t.description}
                      </Text>
                      <Text size="xs" c="dimmed" mt={4}>
                        {t.steps.length} steps
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          )}
        </Radio.Group>
        <TextInput
          label="Name"
          placeholder={template?.name ?? 'e.g. Welcome new customers'}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={go} loading={create.isPending}>
            {template ? 'Make workflow' : 'Open the designer'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
