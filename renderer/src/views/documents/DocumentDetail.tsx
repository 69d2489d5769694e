import { ActionIcon, Alert, Button, CloseButton, Group, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowsMove, IconDownload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Document } from '../../../../shared/vault.js';
import { ApiError } from '../../api.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { DocumentStatusBadge } from './DocumentStatusBadge.js';
import { DocumentPreview, downloadDocument } from './DocumentPreview.js';
import { DeleteDialog, MoveDialog } from './DocumentDialogs.js';
import { MetadataForm } from './MetadataForm.js';
import { ReviewPanel } from './ReviewPanel.js';
import { VersionHistory } from './VersionHistory.js';
import { useDocumentContent } from './documentQueries.js';

export type DetailTab = 'preview' | 'details' | 'history' | 'review';

export interface DocumentDetailProps {
  path: string;
  initialTab?: DetailTab;
  onClose: () => void;
  onMoved: (doc: Document) => void;
  onDeleted: () => void;
}

/** The selected document: preview, details, versions and review, refreshed live on document.changed. */
export function DocumentDetail({ path, initialTab = 'preview', onClose, onMoved, onDeleted }: DocumentDetailProps) {
  const read = useDocumentContent(path);
  const [tab, setTab] = useState<DetailTab>(initialTab);
  const [dialog, setDialog] = useState<'move' | 'delete' | null>(null);
  const doc = read.data?.document;
  const gone = read.error instanceof ApiError && read.error.code === 'not_found';
  // Edited details not saved yet: closing the document, another tab or another page asks first.
  const [detailsDirty, setDetailsDirty] = useState(false);
  const unsaved = useUnsavedChanges(detailsDirty, onClose, { guardPages: true });

  return (
    <section className="document-detail" aria-labelledby="document-detail-title">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={3} size="h4" id="document-detail-title" className="truncate">
            {doc?.title ?? doc?.name ?? path.slice(path.lastIndexOf('/') + 1)}
          </Title>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" truncate>
              {path}
            </Text>
            {doc && <DocumentStatusBadge status={doc.status} />}
          </Group>
        </Stack>
        <Group gap={4} wrap="nowrap">
          {read.data && (
            <Tooltip label="Download">
              <ActionIcon
                variant="subtle"
                aria-label="Download"
                onClick={() => read.data && downloadDocument(read.data)}
              >
                <IconDownload size={18} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
          {doc && (
            <>
              <Tooltip label="Move or rename">
                <ActionIcon variant="subtle" aria-label="Move or rename" onClick={() => setDialog('move')}>
                  <IconArrowsMove size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Delete">
                <ActionIcon variant="subtle" color="red" aria-label="Delete" onClick={() => setDialog('delete')}>
                  <IconTrash size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </>
          )}
          <CloseButton aria-label="Close document" onClick={unsaved.close} />
        </Group>
      </Group>

      {gone ? (
        <Alert color="yellow" title="This document is no longer in the vault">
          It was moved or deleted, perhaps outside Officina. Deleted documents can be restored from the Trash tab.
          <Group mt="xs">
            <Button size="xs" variant="light" onClick={onClose}>
              Close
            </Button>
          </Group>
        </Alert>
      ) : (
        <Tabs
          value={tab}
          onChange={(value) => unsaved.confirm(() => setTab((value as DetailTab | null) ?? 'preview'))}
          keepMounted={false}
        >
          <Tabs.List aria-label="Document">
            <Tabs.Tab value="preview">Preview</Tabs.Tab>
            <Tabs.Tab value="details">Details</Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
            <Tabs.Tab value="review">Review</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="preview" pt="sm">
            <DocumentPreview read={read} />
          </Tabs.Panel>
          <Tabs.Panel value="details" pt="sm">
            {doc && <MetadataForm key={`${doc.id}:${doc.version}`} document={doc} onDirtyChange={setDetailsDirty} />}
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="sm">
            {doc && <VersionHistory path={doc.document_id} comparable={read.data?.encoding === 'utf8'} />}
          </Tabs.Panel>
          <Tabs.Panel value="review" pt="sm">
            {doc && <ReviewPanel document={doc} />}
          </Tabs.Panel>
        </Tabs>
      )}

      {unsaved.prompt}
      {dialog === 'move' && doc && (
        <MoveDialog
          document={doc}
          onClose={() => setDialog(null)}
          onMoved={(moved) => {
            setDialog(null);
            onMoved(moved);
          }}
        />
      )}
      {dialog === 'delete' && doc && (
        <DeleteDialog
          document={doc}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            onDeleted();
          }}
        />
      )}
    </section>
  );
}
