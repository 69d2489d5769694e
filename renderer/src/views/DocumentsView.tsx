import {
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  MultiSelect,
  Select,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChecklist, IconFiles, IconFolder, IconSearch, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMemo, useRef, useState, type DragEvent } from 'react';
import { DOCUMENT_STATUSES, type Document } from '../../../shared/vault.js';
import { ErrorNotice } from '../components/ListNotices.js';
import { navigate, type Route } from '../router.js';
import { DocumentDetail } from './documents/DocumentDetail.js';
import { OverwriteDialog } from './documents/DocumentDialogs.js';
import { STATUS_LABELS } from './documents/DocumentStatusBadge.js';
import { DocumentBulkBar } from './documents/DocumentBulkBar.js';
import { DocumentTable, type DocumentSort } from './documents/DocumentTable.js';
import { FolderTree } from './documents/FolderTree.js';
import { ReviewQueue } from './documents/ReviewQueue.js';
import { SearchResults } from './documents/SearchResults.js';
import { TrashPanel } from './documents/TrashPanel.js';
import { useDocumentList, useReviewQueue, type StatusFilter } from './documents/documentQueries.js';
import { documentsPath, locationOf, nameOf, type DocumentsTab } from './documents/paths.js';
import { useUpload } from './documents/useUpload.js';
import { VaultAwayBanner } from './documents/VaultAwayBanner.js';
import { useAppInfo } from './settingsQueries.js';

const TYPE_OPTIONS = ['md', 'txt', 'pdf', 'docx', 'html', 'csv', 'json', 'png', 'jpg'].map((t) => ({
  value: t,
  label: t.toUpperCase(),
}));
const STATUS_OPTIONS = [
  { value: 'all', label: 'Any status' },
  ...DOCUMENT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
];

function hasFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/**
 * The vault: folders, documents, search, a preview with details, versions and review; the review
 * queue; the trash. Files dropped anywhere on the view are uploaded into the folder on screen.
 */
export function DocumentsView({ route }: { route: Route }) {
  const location = locationOf(route);
  const { tab, folder, file } = location;
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 200);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [types, setTypes] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const queue = useReviewQueue();
  const appInfo = useAppInfo();

  const openFile = (path: string, inTab: DocumentsTab = tab === 'trash' ? 'browse' : tab) =>
    navigate(documentsPath({ tab: inTab, file: path }));
  const { uploadFiles, busy, question } = useUpload((doc) => openFile(doc.document_id, 'browse'));
  const uploadFolder = tab === 'browse' ? folder : '';

  const onDrop = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    // Refused anyway while the vault folder is away; the banner says why.
    if (appInfo.data?.vault_available === false) return;
    void uploadFiles([...event.dataTransfer.files], uploadFolder);
  };

  const queueCount = queue.data?.items.length ?? 0;
  const vaultAway = appInfo.data?.vault_available === false;

  return (
    <div
      className="fill-view documents-view"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        dragDepth.current++;
        setDragging(true);
      }}
      onDragOver={(event) => {
        if (hasFiles(event)) event.preventDefault();
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Documents</Title>
        <Group gap="xs">
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            aria-label="Files to upload"
            data-testid="upload-input"
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              event.currentTarget.value = '';
              void uploadFiles(files, uploadFolder);
            }}
          />
          <Button
            leftSection={busy ? <Loader size={14} color="white" aria-hidden /> : <IconUpload size={18} aria-hidden />}
            aria-busy={busy}
            disabled={vaultAway}
            onClick={() => fileInput.current?.click()}
          >
            Upload{uploadFolder ? ` to ${nameOf(uploadFolder)}` : ''}
          </Button>
        </Group>
      </Group>
      <VaultAwayBanner info={appInfo.data} />

      <Tabs
        value={tab}
        onChange={(value) => navigate(documentsPath({ tab: (value as DocumentsTab | null) ?? 'browse' }))}
        keepMounted={false}
        className="documents-tabs"
      >
        <Tabs.List aria-label="Documents sections">
          <Tabs.Tab value="browse" leftSection={<IconFolder size={16} aria-hidden />}>
            Browse
          </Tabs.Tab>
          <Tabs.Tab value="review" leftSection={<IconChecklist size={16} aria-hidden />}>
            Review queue{queueCount > 0 ? ` (${queueCount})` : ''}
          </Tabs.Tab>
          <Tabs.Tab value="trash" leftSection={<IconTrash size={16} aria-hidden />}>
            Trash
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="browse" pt="sm" className="documents-tab-panel">
          <Group gap="sm" wrap="wrap" align="flex-end">
            <TextInput
              label="Search documents"
              placeholder="Words in the text, title, path or tags"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
              type="search"
            />
            <Select
              label="Status"
              data={STATUS_OPTIONS}
              value={status}
              allowDeselect={false}
              onChange={(value) => setStatus((value ?? 'all') as StatusFilter)}
              w={150}
            />
            <MultiSelect
              label="Type"
              placeholder={types.length === 0 ? 'Any type' : undefined}
              data={TYPE_OPTIONS}
              value={types}
              onChange={setTypes}
              clearable
              w={200}
            />
          </Group>
          <div className="documents-browser" data-detail={file !== null || undefined}>
            <nav className="documents-tree" aria-label="Vault folders">
              <FolderTree selected={folder} onSelect={(f) => navigate(documentsPath({ folder: f }))} />
            </nav>
            <div className="documents-list">
              {query !== '' ? (
                <SearchResults
                  filters={{ query, status, types }}
                  selectedPath={file}
                  onOpen={(hit) => openFile(hit.document_id, 'browse')}
                />
              ) : (
                <FolderDocuments
                  folder={folder}
                  status={status}
                  types={types}
                  selectedPath={file}
                  vaultPath={appInfo.data?.vault}
                  onOpen={(doc) => openFile(doc.document_id, 'browse')}
                  onClearFilters={() => {
                    setStatus('all');
                    setTypes([]);
                  }}
                />
              )}
            </div>
            {file !== null && (
              <DocumentDetail
                path={file}
                onClose={() => navigate(documentsPath({ folder }))}
                onMoved={(moved) => openFile(moved.document_id, 'browse')}
                onDeleted={() => navigate(documentsPath({ folder }))}
              />
            )}
          </div>
        </Tabs.Panel>

        <Tabs.Panel value="review" pt="sm" className="documents-tab-panel">
          <div className="documents-browser documents-review" data-detail={file !== null || undefined}>
            <div className="documents-list">
              <ReviewQueue selectedPath={file} onOpen={(doc) => openFile(doc.document_id, 'review')} />
            </div>
            {file !== null && (
              <DocumentDetail
                key={file}
                path={file}
                initialTab="review"
                onClose={() => navigate(documentsPath({ tab: 'review' }))}
                onMoved={(moved) => openFile(moved.document_id, 'review')}
                onDeleted={() => navigate(documentsPath({ tab: 'review' }))}
              />
            )}
          </div>
        </Tabs.Panel>

        <Tabs.Panel value="trash" pt="sm" className="documents-tab-panel">
          <TrashPanel onRestored={(path) => openFile(path, 'browse')} />
        </Tabs.Panel>
      </Tabs>

      {dragging && (
        <div className="documents-drop" aria-hidden>
          <IconUpload size={40} />
          <Text fw={600}>Drop to upload into {uploadFolder === '' ? 'the top of the vault' : uploadFolder}</Text>
        </div>
      )}
      {question && <OverwriteDialog path={question.path} onAnswer={question.answer} />}
    </div>
  );
}

interface FolderDocumentsProps {
  folder: string;
  status: StatusFilter;
  types: string[];
  selectedPath: string | null;
  vaultPath: string | undefined;
  onOpen: (doc: Document) => void;
  onClearFilters: () => void;
}

function FolderDocuments(props: FolderDocumentsProps) {
  const { folder, status, types, selectedPath, vaultPath, onOpen, onClearFilters } = props;
  const [sort, setSort] = useState<DocumentSort | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const filters = useMemo(() => ({ folder, status, types, sort }), [folder, status, types, sort]);
  const list = useDocumentList(filters);
  const documents = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const subfolders = list.data?.pages[0]?.folders ?? [];
  // Ticked documents as loaded now: one moved away or trashed is no longer ticked.
  const selected = documents.filter((d) => checked.has(d.document_id));
  const check = (paths: string[], on: boolean) =>
    setChecked((before) => {
      const next = new Set(before);
      for (const path of paths)
        if (on) next.add(path);
        else next.delete(path);
      return next;
    });

  if (list.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading documents" />
      </Center>
    );
  }
  if (list.isError && documents.length === 0) {
    return <ErrorNotice title="Could not load the documents" error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (documents.length === 0) {
    const filtered = status !== 'all' || types.length > 0;
    if (filtered) {
      return (
        <EmptyState icon={<IconSearch size={32} aria-hidden />} title="No documents here match these filters" py="xl">
          <EmptyState.Actions>
            <Button variant="light" onClick={onClearFilters}>
              Show every document
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      );
    }
    const where = vaultPath ? (folder === '' ? vaultPath : `${vaultPath}/${folder}`) : 'the vault folder';
    return (
      <EmptyState
        icon={<IconFiles size={32} aria-hidden />}
        title={
          folder === '' && subfolders.length === 0
            ? `The vault is empty — drop files here or save them into ${vaultPath ?? 'the vault folder'}`
            : `No documents in ${folder === '' ? 'the top folder' : folder} — drop files here to add some`
        }
        description={
          <>
            Files saved into <code>{where}</code> appear here by themselves, indexed and versioned.
            {subfolders.length > 0 && ' Its subfolders are in the tree.'}
          </>
        }
        py="xl"
      />
    );
  }
  return (
    <>
      <Text size="sm" c="dimmed" aria-live="polite">
        {documents.length}
        {list.hasNextPage ? '+' : ''} {documents.length === 1 ? 'document' : 'documents'} in{' '}
        {folder === '' ? 'the top folder' : folder}
      </Text>
      {selected.length > 0 && <DocumentBulkBar selected={selected} onClear={() => setChecked(new Set())} />}
      <DocumentTable
        key={JSON.stringify(filters)}
        checked={checked}
        onCheck={check}
        documents={documents}
        label={folder === '' ? 'Documents' : `Documents in ${folder}`}
        hasMore={list.hasNextPage && !list.isFetchNextPageError}
        loadingMore={list.isFetchingNextPage}
        onLoadMore={() => {
          if (!list.isFetching) void list.fetchNextPage();
        }}
        onOpen={onOpen}
        selectedPath={selectedPath}
        compact={selectedPath !== null}
        sort={sort ?? undefined}
        onSort={setSort}
      />
    </>
  );
}
