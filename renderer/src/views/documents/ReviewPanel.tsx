import { Alert, Button, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconArchive, IconArrowBackUp, IconCheck, IconSend, IconWorldUpload, type Icon } from '@tabler/icons-react';
import { useState } from 'react';
import type { Document } from '../../../../shared/vault.js';
import { ApiError } from '../../api.js';
import { formatDateTime, whoDid } from '../../format.js';
import { errorMessage, notifyError, notifySuccess } from '../../notify.js';
import { DocumentStatusBadge, STATUS_LABELS } from './DocumentStatusBadge.js';
import { PublishedNotice, type PublishedFiles } from './PublishedNotice.js';
import { useDocumentReviews, useReviewMove, type ReviewOperation } from './documentQueries.js';

interface Move {
  operation: ReviewOperation;
  label: string;
  icon: Icon;
  from: Document['status'][];
  color?: string;
  variant?: string;
  done: string;
}

// The same moves the core allows (a move it refuses would only end in its message).
const MOVES: Move[] = [
  {
    operation: 'submit_for_review',
    label: 'Submit for review',
    icon: IconSend,
    from: ['draft', 'archived'],
    done: 'submitted for review',
  },
  {
    operation: 'approve_document',
    label: 'Approve',
    icon: IconCheck,
    from: ['in_review'],
    color: 'teal',
    done: 'approved',
  },
  {
    operation: 'request_changes',
    label: 'Request changes',
    icon: IconArrowBackUp,
    from: ['in_review', 'approved'],
    color: 'orange',
    variant: 'light',
    done: 'sent back with changes requested',
  },
  { operation: 'publish_document', label: 'Publish', icon: IconWorldUpload, from: ['approved'], done: 'published' },
  {
    operation: 'archive_document',
    label: 'Archive',
    icon: IconArchive,
    from: ['draft', 'in_review', 'approved', 'published'],
    color: 'gray',
    variant: 'light',
    done: 'archived',
  },
];

const statusLabel = (status: string) => STATUS_LABELS[status as Document['status']] ?? status;

export function ReviewPanel({ document: doc }: { document: Document }) {
  const reviews = useDocumentReviews(doc.document_id);
  const move = useReviewMove();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  // Where the last publish of this document put its files, until dismissed.
  const [published, setPublished] = useState<{ path: string; files: PublishedFiles } | null>(null);
  const moves = MOVES.filter((m) => m.from.includes(doc.status));

  const run = (m: Move) => {
    const text = comment.trim();
    if (m.operation === 'request_changes' && text === '') {
      setCommentError('Say what to change: the comment goes back with the document');
      document.getElementById('review-comment')?.focus();
      return;
    }
    setCommentError(null);
    move.mutate(
      { operation: m.operation, document_id: doc.document_id, comment: text === '' ? undefined : text },
      {
        onSuccess: (saved) => {
          setComment('');
          // The toast says where the files went too: published from the review queue, this panel goes.
          notifySuccess(
            'published' in saved ? `${saved.name} published to ${saved.published.html}` : `${saved.name} ${m.done}`,
          );
          setPublished('published' in saved ? { path: saved.document_id, files: saved.published } : null);
        },
        onError: (error) => {
          const issue = error instanceof ApiError ? error.issues.find((i) => i.path === 'comment') : undefined;
          if (issue) setCommentError(issue.message);
          else notifyError(`Could not ${m.label.toLowerCase()}`, error);
        },
      },
    );
  };

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text size="sm">Status:</Text>
        <DocumentStatusBadge status={doc.status} />
      </Group>
      <Textarea
        id="review-comment"
        label="Comment"
        description="Goes into the review history; required to request changes"
        autosize
        minRows={2}
        maxRows={6}
        maxLength={2000}
        value={comment}
        error={commentError}
        onChange={(event) => {
          setComment(event.currentTarget.value);
          setCommentError(null);
        }}
      />
      <Group gap="xs" role="group" aria-label="Review actions">
        {moves.map((m) => (
          <Button
            key={m.operation}
            color={m.color}
            variant={m.variant ?? 'filled'}
            leftSection={<m.icon size={16} aria-hidden />}
            disabled={move.isPending}
            onClick={() => run(m)}
          >
            {m.label}
          </Button>
        ))}
        {move.isPending && <Loader size="sm" aria-label="Saving" />}
      </Group>
      {published?.path === doc.document_id && (
        <PublishedNotice name={doc.name} files={published.files} onClose={() => setPublished(null)} />
      )}
      {doc.status === 'approved' && (
        <Text size="xs" c="dimmed">
          Publishing exports the current content as Markdown and HTML to the publish folder.
        </Text>
      )}

      <Title order={4} size="h5">
        Review history
      </Title>
      {reviews.isError ? (
        <Alert color="red">{errorMessage(reviews.error)}</Alert>
      ) : reviews.isPending ? (
        <Loader size="sm" aria-label="Loading the review history" />
      ) : reviews.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not reviewed yet. Submit it for review to put it in the review queue.
        </Text>
      ) : (
        <Stack component="ol" gap="xs" aria-label="Review history" className="plain-list review-history">
          {reviews.data.items.map((entry, i) => (
            <li key={i}>
              <Text size="sm" fw={600}>
                {statusLabel(entry.from)} → {statusLabel(entry.to)}
              </Text>
              <Text size="xs" c="dimmed">
                by {whoDid(entry.by)} · {formatDateTime(entry.at)}
              </Text>
              {entry.comment && <Text size="sm">“{entry.comment}”</Text>}
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
