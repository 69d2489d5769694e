import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDeviceFloppy, IconEye, IconUsersPlus, IconWorldSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contracts.js';
import { ApiError, call } from '../../api.js';
import { errorSentence } from '../../errorWords.js';
import { formatCount } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { navigate } from '../../router.js';
import { MonitorFormModal } from './MonitorFormModal.js';
import { RENDER_CHOICES, RENDER_HELP, type RenderChoice } from './render.js';
import { SelectorEditor, selectorProblems } from './SelectorEditor.js';
import { selectorsOf, type SelectorRow } from './selectors.js';

type Page = OutputOf<'scrape_website'>;
type Contacts = {
  emails: OutputOf<'extract_emails'>['emails'];
  phones: OutputOf<'extract_phone_numbers'>['phone_numbers'];
  profiles: OutputOf<'extract_social_media_links'>['profiles'];
};

/**
 * Read one page: what it says (its main text, details, links), what the person's selectors pick out
 * of it — tried again on the page as they are edited — and its contacts; then keep it in the
 * documents, add its contacts as customers, or watch it for changes.
 */
export function ReadPagePanel() {
  const [url, setUrl] = useState('');
  const [rows, setRows] = useState<SelectorRow[]>([]);
  const [render, setRender] = useState<RenderChoice>('auto');
  const [page, setPage] = useState<Page | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [selectorIssues, setSelectorIssues] = useState<Record<string, string>>({});
  const [reading, setReading] = useState(false);
  const [contacts, setContacts] = useState<Contacts | null>(null);
  const [findingContacts, setFindingContacts] = useState(false);
  const [importing, setImporting] = useState<OutputOf<'import_contacts_as_customers'> | null>(null);
  const [watching, setWatching] = useState(false);
  const [saving, setSaving] = useState(false);
  const latest = useRef(0);
  const [resultTab, setResultTab] = useState<string | null>('text');

  const read = async (address: string, selectorRows: SelectorRow[]) => {
    const ticket = ++latest.current;
    setReading(true);
    setProblem(null);
    try {
      const result = await call('scrape_website', {
        url: address,
        selectors: selectorsOf(selectorRows) ?? undefined,
        extract_links: true,
        format: 'text',
        render,
      });
      if (ticket !== latest.current) return;
      // Selectors just added: show what they picked out.
      if (result.selectors && !page?.selectors) setResultTab('picked');
      if (!result.selectors && resultTab === 'picked') setResultTab('text');
      setPage(result);
      setSelectorIssues({});
    } catch (error) {
      if (ticket !== latest.current) return;
      const issues = error instanceof ApiError ? selectorProblems(error.issues) : {};
      setSelectorIssues(issues);
      if (Object.keys(issues).length === 0) setProblem(errorSentence(error));
    } finally {
      if (ticket === latest.current) setReading(false);
    }
  };

  // Selectors are tried again on the page a moment after the person stops typing.
  const lastRead = useRef<string | null>(null);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!page) return;
    const key = JSON.stringify(selectorsOf(rows));
    if (lastRead.current === key) return;
    const address = page.url;
    retry.current = setTimeout(() => {
      lastRead.current = key;
      void read(address, rows);
    }, 700);
    return () => clearTimeout(retry.current);
    // Only the selectors re-run the read (the page read last is the one they apply to); a new address
    // waits for the button.
  }, [rows]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A new address replaces the page: a re-read of the old one still waiting must not come back over it.
    clearTimeout(retry.current);
    setContacts(null);
    lastRead.current = JSON.stringify(selectorsOf(rows));
    void read(url.trim(), rows);
  };

  const findContacts = async () => {
    if (!page) return;
    setFindingContacts(true);
    try {
      const render = shownAs(page);
      const [emails, phones, social] = await Promise.all([
        call('extract_emails', { url: page.final_url, render }),
        call('extract_phone_numbers', { url: page.final_url, render }),
        call('extract_social_media_links', { url: page.final_url, render }),
      ]);
      setContacts({ emails: emails.emails, phones: phones.phone_numbers, profiles: social.profiles });
    } catch (error) {
      notifyError('Could not look for contacts on this page', error);
    } finally {
      setFindingContacts(false);
    }
  };

  const planImport = async () => {
    if (!page) return;
    try {
      setImporting(
        await call('import_contacts_as_customers', { url: page.final_url, dry_run: true, render: shownAs(page) }),
      );
    } catch (error) {
      notifyError('Could not read the page’s contacts', error);
    }
  };

  const save = async () => {
    if (!page) return;
    setSaving(true);
    try {
      const saved = await call('save_to_vault', { url: page.final_url, render: shownAs(page) });
      notifySuccess(`Saved as ${saved.document.document_id} in your documents`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') {
        notifyError('This page is already in your documents', error);
      } else notifyError('Could not save the page', error);
    } finally {
      setSaving(false);
    }
  };

  const links = page?.links ?? [];
  const internal = links.filter((l) => l.internal).length;

  return (
    <Stack gap="md">
      <form onSubmit={submit}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Web page"
            placeholder="https://example.com/contact"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 260 }}
            type="url"
            required
          />
          <Select
            label="Run the page’s scripts"
            title={RENDER_HELP}
            data={RENDER_CHOICES}
            value={render}
            onChange={(value) => setRender((value as RenderChoice | null) ?? 'auto')}
            allowDeselect={false}
            w={340}
          />
          <Button type="submit" leftSection={<IconWorldSearch size={18} aria-hidden />} loading={reading && !page}>
            Read page
          </Button>
        </Group>
      </form>

      <Paper withBorder p="sm" radius="md">
        <Stack gap={6}>
          <Text fw={600} size="sm">
            What to take from the page
          </Text>
          <SelectorEditor rows={rows} onChange={setRows} problems={selectorIssues} />
        </Stack>
      </Paper>

      {problem && (
        <Alert color="red" title="Could not read the page">
          {problem}
        </Alert>
      )}

      {page && (
        <Paper withBorder p="md" radius="md" aria-busy={reading}>
          <Stack gap="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div style={{ minWidth: 0 }}>
                <Title order={3}>{page.title ?? page.final_url}</Title>
                {page.description && (
                  <Text size="sm" c="dimmed">
                    {page.description}
                  </Text>
                )}
                <Anchor href={page.final_url} target="_blank" rel="noreferrer noopener" size="sm">
                  {page.final_url}
                </Anchor>
                {page.final_url !== page.url && (
                  <Text size="xs" c="dimmed">
                    Moved from {page.url}
                  </Text>
                )}
              </div>
              <Group gap="xs" wrap="nowrap">
                {reading && <Loader size="sm" aria-label="Reading the page again" />}
                {page.rendered && (
                  <Badge variant="light" color="grape" title="Its text was read after its scripts ran">
                    Scripts ran
                  </Badge>
                )}
                {page.language && <Badge variant="light">{page.language}</Badge>}
              </Group>
            </Group>
            <Group gap="xs">
              <Button
                variant="light"
                size="xs"
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                loading={saving}
                onClick={() => void save()}
              >
                Save to documents
              </Button>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconUsersPlus size={16} aria-hidden />}
                onClick={() => void planImport()}
              >
                Add contacts as customers
              </Button>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconEye size={16} aria-hidden />}
                onClick={() => setWatching(true)}
              >
                Watch for changes
              </Button>
            </Group>
            {page.warnings.map((warning) => (
              <Alert key={warning} color="yellow" variant="light">
                {warning}
              </Alert>
            ))}
            <Tabs value={resultTab} onChange={setResultTab} keepMounted={false}>
              <Tabs.List>
                {page.selectors && <Tabs.Tab value="picked">Picked out</Tabs.Tab>}
                <Tabs.Tab value="text">Text</Tabs.Tab>
                <Tabs.Tab value="links">Links ({formatCount(links.length)})</Tabs.Tab>
                <Tabs.Tab value="contacts" onClick={() => contacts === null && void findContacts()}>
                  Contacts
                </Tabs.Tab>
              </Tabs.List>
              {page.selectors && (
                <Tabs.Panel value="picked" pt="sm">
                  <Table withTableBorder aria-label="What the selectors picked out">
                    <Table.Tbody>
                      {Object.entries(page.selectors).map(([name, values]) => (
                        <Table.Tr key={name}>
                          <Table.Th w={160}>{name}</Table.Th>
                          <Table.Td>
                            {values.length === 0 ? (
                              <Text size="sm" c="dimmed">
                                Nothing on the page matches
                              </Text>
                            ) : (
                              values.slice(0, 50).map((v, i) => (
                                <Text key={i} size="sm">
                                  {v}
                                </Text>
                              ))
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Tabs.Panel>
              )}
              <Tabs.Panel value="text" pt="sm">
                <ScrollArea.Autosize mah={420} type="auto">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {page.content || 'This page has no readable text.'}
                  </Text>
                </ScrollArea.Autosize>
              </Tabs.Panel>
              <Tabs.Panel value="links" pt="sm">
                <Text size="sm" c="dimmed" mb="xs">
                  {formatCount(internal)} on this site, {formatCount(links.length - internal)} elsewhere
                </Text>
                <ScrollArea.Autosize mah={420} type="auto">
                  <Table aria-label="Links on the page">
                    <Table.Tbody>
                      {links.slice(0, 500).map((link) => (
                        <Table.Tr key={link.url}>
                          <Table.Td>{link.text || '—'}</Table.Td>
                          <Table.Td>
                            <Anchor href={link.url} target="_blank" rel="noreferrer noopener" size="sm">
                              {link.url}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{link.internal ? 'This site' : 'Elsewhere'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
              </Tabs.Panel>
              <Tabs.Panel value="contacts" pt="sm">
                {findingContacts || contacts === null ? (
                  <Loader size="sm" aria-label="Looking for contacts" />
                ) : (
                  <ContactsList contacts={contacts} />
                )}
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Paper>
      )}

      <ImportContactsModal plan={importing} url={page?.final_url ?? ''} onClose={() => setImporting(null)} />
      {page && watching && (
        <MonitorFormModal
          opened
          initial={{ url: page.final_url, rows, render }}
          onClose={() => setWatching(false)}
          onCreated={(id) => {
            setWatching(false);
            navigate(`/scraper/watched/${id}`);
          }}
        />
      )}
    </Stack>
  );
}

function ContactsList({ contacts }: { contacts: Contacts }) {
  if (contacts.emails.length + contacts.phones.length + contacts.profiles.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No email addresses, phone numbers or social profiles on this page.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {contacts.emails.length > 0 && (
        <div>
          <Text fw={600} size="sm">
            Email addresses
          </Text>
          {contacts.emails.map((e) => (
            <Text key={e.email} size="sm">
              {e.email}
            </Text>
          ))}
        </div>
      )}
      {contacts.phones.length > 0 && (
        <div>
          <Text fw={600} size="sm">
            Phone numbers
          </Text>
          {contacts.phones.map((p) => (
            <Text key={p.e164} size="sm">
              {p.international} {p.country ? `(${p.country}${p.type ? `, ${phoneKind(p.type)}` : ''})` : ''}
            </Text>
          ))}
        </div>
      )}
      {contacts.profiles.length > 0 && (
        <div>
          <Text fw={600} size="sm">
            Social profiles
          </Text>
          {contacts.profiles.map((p) => (
            <Text key={p.url} size="sm">
              {networkName(p.network)}:{' '}
              <Anchor href={p.url} target="_blank" rel="noreferrer noopener">
                {p.handle ?? p.url}
              </Anchor>
            </Text>
          ))}
        </div>
      )}
    </Stack>
  );
}

function ImportContactsModal({
  plan,
  url,
  onClose,
}: {
  plan: OutputOf<'import_contacts_as_customers'> | null;
  url: string;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      const done = await call('import_contacts_as_customers', { url, render: plan ? shownAs(plan) : 'auto' });
      notifySuccess(
        done.created.length === 1
          ? `Added ${done.created[0]?.name} as a customer`
          : `Added ${done.created.length} customers`,
      );
      onClose();
    } catch (error) {
      notifyError('Could not add the contacts', error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={plan !== null} onClose={onClose} title="Add this page’s contacts as customers" size="lg">
      {plan && (
        <Stack gap="sm">
          {plan.created.length === 0 ? (
            <Text>There is nobody new to add.</Text>
          ) : (
            <Table aria-label="Customers to add">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Phone</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.created.map((c) => (
                  <Table.Tr key={c.email}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{c.email}</Table.Td>
                    <Table.Td>{c.phone ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {plan.existing.length > 0 && (
            <Text size="sm" c="dimmed">
              Already customers: {plan.existing.map((e) => e.email).join(', ')}
            </Text>
          )}
          {plan.skipped.map((s) => (
            <Text key={s.email} size="sm" c="orange">
              {s.email} is left out: {s.reason}
            </Text>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => void confirm()} loading={busy} disabled={plan.created.length === 0}>
              Add {plan.created.length === 1 ? '1 customer' : `${plan.created.length} customers`}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Contacts and the saved copy come from the page as it was shown: with its scripts run, or without. */
function shownAs(page: { rendered: boolean }): RenderChoice {
  return page.rendered ? 'always' : 'never';
}

const NETWORK_NAMES: Record<string, string> = {
  x: 'X (Twitter)',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  github: 'GitHub',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  threads: 'Threads',
  pinterest: 'Pinterest',
};

function networkName(network: string): string {
  return NETWORK_NAMES[network] ?? network;
}

function phoneKind(type: string): string {
  return (
    {
      MOBILE: 'mobile',
      FIXED_LINE: 'landline',
      FIXED_LINE_OR_MOBILE: 'landline or mobile',
      TOLL_FREE: 'toll-free',
      VOIP: 'internet phone',
    }[type] ?? type.toLowerCase().replace(/_/g, ' ')
  );
}
