import { Alert, Button, Group, NumberInput, Paper, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { useUnsavedChanges } from '../components/useUnsavedChanges.js';
import { notifyError, notifySuccess } from '../notify.js';
import { useScraperSettings, useUpdateScraperSettings } from './scraper/scraperQueries.js';
import { errorSentence } from '../errorWords.js';

const SCRAPER_LABELS = {
  allowed_private_hosts: 'Local network addresses',
  concurrency_per_host: 'Pages at a time from one site',
  delay_ms: 'Pause between pages',
};

/**
 * The scraper's reach and pace. Local-network hosts are closed by default: a page can carry
 * instructions to an assistant, and "fetch the router's admin page" must not work unless you say so.
 */
const noChange = () => {};

export function ScraperSettingsSection() {
  const settings = useScraperSettings();
  const save = useUpdateScraperSettings();
  const [hosts, setHosts] = useState<string[]>([]);
  const [perSite, setPerSite] = useState<number | string>(2);
  const [delay, setDelay] = useState<number | string>(0.5);
  const [problem, setProblem] = useState<string | null>(null);
  const saved = settings.data;
  const dirty =
    saved !== undefined &&
    (hosts.join('\n') !== saved.allowed_private_hosts.join('\n') ||
      Number(perSite) !== saved.concurrency_per_host ||
      Math.round(Number(delay) * 1000) !== saved.delay_ms);
  const unsaved = useUnsavedChanges(dirty, noChange, { guardPages: true });

  useEffect(() => {
    if (!settings.data) return;
    setHosts(settings.data.allowed_private_hosts);
    setPerSite(settings.data.concurrency_per_host);
    setDelay(settings.data.delay_ms / 1000);
  }, [settings.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    save.mutate(
      {
        allowed_private_hosts: hosts,
        concurrency_per_host: Number(perSite),
        delay_ms: Math.round(Number(delay) * 1000),
      },
      {
        onSuccess: () => notifySuccess('Scraper settings saved'),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'invalid_input')
            setProblem(errorSentence(error, SCRAPER_LABELS));
          else notifyError('Could not save the scraper settings', error);
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" radius="md">
      {unsaved.prompt}
      <form onSubmit={submit}>
        <Stack gap="sm">
          <div>
            <Title order={3}>Scraper</Title>
            <Text c="dimmed" size="sm">
              Which machines on your own network web pages may be read from, and how gently sites are asked.
            </Text>
          </div>
          {settings.isError && (
            <ErrorNotice
              compact
              title="Could not load the scraper settings"
              error={settings.error}
              onRetry={() => void settings.refetch()}
            />
          )}
          {problem && <Alert color="red">{problem}</Alert>}
          <TagsInput
            label="Local hosts that may be read"
            description="Names, addresses or ranges such as intranet.lan, 192.168.1.20 or 192.168.1.0/24. Everything else on your network stays closed."
            placeholder="Add a host and press Enter"
            value={hosts}
            onChange={setHosts}
          />
          {settings.data && settings.data.cli_allowed_private_hosts.length > 0 && (
            <Text size="sm" c="dimmed">
              Also allowed for this run, from the command line: {settings.data.cli_allowed_private_hosts.join(', ')}
            </Text>
          )}
          <Group grow>
            <NumberInput
              label="Pages read from one site at a time"
              value={perSite}
              onChange={setPerSite}
              min={1}
              max={4}
            />
            <NumberInput
              label="Seconds between two pages of one site"
              description="A site that asks for more (Crawl-delay) gets more"
              value={delay}
              onChange={setDelay}
              min={0}
              max={60}
              step={0.5}
              decimalScale={1}
            />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!settings.data}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
