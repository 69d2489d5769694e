import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Document } from '../../../../shared/vault.js';
import { ApiError } from '../../api.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { issueSentence, messageSentence } from '../../errorWords.js';
import { errorMessage, notifyError, notifySuccess } from '../../notify.js';
import { useDeleteDocument, useMoveDocument } from './documentQueries.js';

export function MoveDialog({
  document: doc,
  onClose,
  onMoved,
}: {
  document: Document;
  onClose: () => void;
  onMoved: (doc: Document) => void;
}) {
  const [target, setTarget] = useState(doc.document_id);
  const [overwrite, setOverwrite] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const move = useMoveDocument();
  const unsaved = useUnsavedChanges(target.trim() !== doc.document_id, onClose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const newPath = target.trim();
    if (newPath === doc.document_id) {
      onClose();
      return;
    }
    setError(null);
    move.mutate(
      { document_id: doc.document_id, new_path: newPath, overwrite },
      {
        onSuccess: (moved) => {
          notifySuccess(`Moved to ${moved.document_id}`);
          onMoved(moved);
        },
        onError: (failure) => {
          if (failure instanceof ApiError && failure.code !== 'internal' && failure.code !== 'external') {
            const issue = failure.issues.find((i) => i.path === 'new_path');
            setError(issue ? issueSentence(issue) : messageSentence(failure.code, failure.message));
            setConflict(failure.code === 'conflict');
          } else {
            notifyError('Could not move the document', failure);
          }
        },
      },
    );
  };

  return (
    <>
      <Modal {...unsaved.modalProps} opened onClose={unsaved.close} title={`Move or rename ${doc.name}`}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label="New path in the vault"
              description="Folders are made as needed, like projects/2026/plan.md. It keeps its history and details."
              value={target}
              error={error}
              data-autofocus
              onChange={(event) => {
                setTarget(event.currentTarget.value);
                setError(null);
              }}
            />
            {conflict && (
              <Checkbox
                label="Replace the document there (its content is kept as a version)"
                checked={overwrite}
                onChange={(event) => setOverwrite(event.currentTarget.checked)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={unsaved.close} disabled={move.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={move.isPending}>
                Move
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
  );
}

export function DeleteDialog({
  document: doc,
  onClose,
  onDeleted,
}: {
  document: Document;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const remove = useDeleteDocument();
  return (
    <Modal opened onClose={onClose} title={`Delete ${doc.name}?`}>
      <Stack gap="sm">
        <Text size="sm">
          It moves to Officina’s trash, out of the vault folder, with its details and versions. You can restore it from
          the Trash tab.
        </Text>
        {remove.isError && <Alert color="red">{errorMessage(remove.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(
                { document_id: doc.document_id },
                {
                  onSuccess: () => {
                    notifySuccess(`${doc.name} moved to the trash`);
                    onDeleted();
                  },
                },
              )
            }
          >
            Move to trash
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Asked when an upload meets a document already at its path. */
export function OverwriteDialog({ path, onAnswer }: { path: string; onAnswer: (replace: boolean) => void }) {
  return (
    <Modal opened onClose={() => onAnswer(false)} title="Replace the existing document?">
      <Stack gap="sm">
        <Text size="sm">
          <strong>{path}</strong> is already in the vault. Replacing it keeps its current content as a version, so
          nothing is lost.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onAnswer(false)} data-autofocus>
            Keep the existing one
          </Button>
          <Button onClick={() => onAnswer(true)}>Replace</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
