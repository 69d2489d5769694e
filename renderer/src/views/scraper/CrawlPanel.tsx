import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contracts.js';
import { call, type CallProgress } from '../../api.js';
import { errorSentence } from '../../errorWords.js';
import { formatCount } from '../../format.js';
import { RENDER_CHOICES, RENDER_HELP, type RenderChoice } from './render.js';

type Outcome = OutputOf<'crawl_website'>;

/** Follows a site's links page by page, showing each page as it is read, and what each held. */
export function CrawlPanel() {
  const [start, setStart] = useState('');
  const [maxPages, setMaxPages] = useState<number | string>(20);
  const [maxDepth, setMaxDepth] = useState<number | string>(2);
  const [sameSite, setSameSite] = useState(true);
  const [include, setInclude] = useState<string[]>([]);
  const [exclude, setExclude] = useState<string[]>([]);
  const [render, setRender] = useState<RenderChoice>('auto');
  const [progress, setProgress] = useState<CallProgress | null>(null);
  const [steps, setSteps] = useState<string[]>([]);
  const [result, setResult] = useState<Outcome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    const controller = new AbortController();
    running.current = controller;
    setBusy(true);
    setResult(null);
    setProblem(null);
    setSteps([]);
    setProgress({ done: 0, total: Number(maxPages) || null, message: null });
    try {
      const outcome = await call(
        'crawl_website',
        {
          start_url: start.trim(),
          max_pages: Number(maxPages),
          max_depth: Number(maxDepth),
          same_origin: sameSite,
          include: include.length ? include : undefined,
          exclude: exclude.length ? exclude : undefined,
          render,
          // The table shows each page's title and result: its main text would only make the answer
          // larger (about 9 MB for 1,000 small pages) and the crawl slower.
          include_content: false,
        },
        {
          signal: controller.signal,
          onProgress: (p) => {
            setProgress(p);
            if (p.message) setSteps((s) => [...s, p.message as string]);
          },
        },
      );
      setResult(outcome);
    } catch (error) {
      setProblem(controller.signal.aborted ? 'Stopped. Pages read so far are not kept.' : errorSentence(error));
    } finally {
      setBusy(false);
      running.current = null;
    }
  };

  const total = progress?.total ?? null;
  const done = result ? result.items.length : (progress?.done ?? 0);

  return (
    <Stack gap="md">
      <form onSubmit={(e) => void run(e)}>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Start page"
              placeholder="https://example.com/"
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              type="url"
              required
              style={{ flex: 1, minWidth: 260 }}
            />
            <NumberInput label="Pages at most" value={maxPages} onChange={setMaxPages} min={1} max={1000} w={130} />
            <NumberInput label="Links away at most" value={maxDepth} onChange={setMaxDepth} min={0} max={10} w={150} />
          </Group>
          <Group align="flex-end" gap="sm">
            <TagsInput
              label="Only pages like"
              placeholder="https://example.com/blog/*"
              value={include}
              onChange={setInclude}
              style={{ flex: 1 }}
            />
            <TagsInput
              label="Leave out pages like"
              placeholder="*/tag/*"
              value={exclude}
              onChange={setExclude}
              style={{ flex: 1 }}
            />
          </Group>
          <Group justify="space-between" align="flex-end">
            <Group align="flex-end" gap="lg">
              <Select
                label="Run the pages’ scripts"
                title={RENDER_HELP}
                data={RENDER_CHOICES}
                value={render}
                onChange={(value) => setRender((value as RenderChoice | null) ?? 'auto')}
                allowDeselect={false}
                w={340}
              />
              <Switch
                label="Stay on the start page’s site"
                checked={sameSite}
                onChange={(e) => setSameSite(e.currentTarget.checked)}
                mb={8}
              />
            </Group>
            {busy ? (
              <Button
                color="red"
                variant="light"
                leftSection={<IconPlayerStop size={16} aria-hidden />}
                onClick={() => running.current?.abort()}
              >
                Stop
              </Button>
            ) : (
              <Button type="submit" leftSection={<IconPlayerPlay size={16} aria-hidden />}>
                Start
              </Button>
            )}
          </Group>
        </Stack>
      </form>

      {(busy || result) && (
        <Paper withBorder p="sm" radius="md">
          <Stack gap={6}>
            <Text size="sm">
              {busy
                ? `Reading page ${formatCount(done + 1)}${total ? ` of at most ${formatCount(total)}` : ''}…`
                : `Read ${formatCount(done)} pages`}
            </Text>
            <Progress
              value={result ? 100 : total ? Math.min(100, (done / total) * 100) : 0}
              animated={busy}
              aria-label="Crawl progress"
            />
            {busy && steps.length > 0 && (
              <ScrollArea.Autosize mah={160}>
                {steps.slice(-50).map((step, index) => (
                  <Text key={index} size="xs" c="dimmed">
                    {step}
                  </Text>
                ))}
              </ScrollArea.Autosize>
            )}
          </Stack>
        </Paper>
      )}

      {problem && (
        <Alert
          color={problem.startsWith('Stopped') ? 'yellow' : 'red'}
          title={problem.startsWith('Stopped') ? undefined : 'Could not crawl'}
        >
          {problem}
        </Alert>
      )}

      {result && (
        <Table aria-label="Pages read" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Page</Table.Th>
              <Table.Th>Links away</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.items.map((item) => (
              <Table.Tr key={item.url}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {item.page?.title ?? ''}
                  </Text>
                  <Anchor href={item.url} size="xs" target="_blank" rel="noreferrer noopener">
                    {item.url}
                  </Anchor>
                </Table.Td>
                <Table.Td>{item.depth}</Table.Td>
                <Table.Td>
                  {item.ok ? (
                    <Group gap={6}>
                      <Badge color="green" variant="light">
                        Read
                      </Badge>
                      {item.page?.rendered && (
                        <Badge variant="light" color="grape" title="Its text was read after its scripts ran">
                          Scripts ran
                        </Badge>
                      )}
                    </Group>
                  ) : (
                    <Text size="sm" c="red">
                      {item.error?.message}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
