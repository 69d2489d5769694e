import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Typography } from '@mantine/core';
import { IconDownload, IconFile } from '@tabler/icons-react';
import { useMemo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { OutputOf } from '../../../../shared/contracts.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { formatDateTime, locale } from '../../format.js';
import { base64ToBytes, formatSize, imageMimeOf, mimeOf, previewKindOf } from './fileKinds.js';
import { DocxPreview } from './DocxPreview.js';
import { PdfPreview } from './PdfPreview.js';

type Read = OutputOf<'read_document'>;

/** Front matter is metadata (shown under Details), not part of the text. */
function withoutFrontMatter(markdown: string): string {
  return markdown.replace(/^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/, '');
}

// Links open outside the app: in the desktop window a followed link would replace Officina itself.
const markdownComponents: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
};

export function downloadDocument(read: Read): void {
  const bytes = read.encoding === 'base64' ? base64ToBytes(read.content) : new TextEncoder().encode(read.content);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeOf(read.document.file_type) }));
  const link = document.createElement('a');
  link.href = url;
  link.download = read.document.name;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export interface DocumentPreviewProps {
  read: { data?: Read | undefined; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
}

export function DocumentPreview({ read }: DocumentPreviewProps) {
  if (read.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading the document" />
      </Center>
    );
  }
  if (read.isError || !read.data) {
    return <ErrorNotice title="Could not read the document" error={read.error} onRetry={() => void read.refetch()} />;
  }
  return <PreviewBody read={read.data} />;
}

function PreviewBody({ read }: { read: Read }) {
  const { document: doc } = read;
  const kind = previewKindOf(doc.file_type, read.encoding);
  const markdown = useMemo(() => (kind === 'markdown' ? withoutFrontMatter(read.content) : ''), [kind, read.content]);

  const download = (
    <Button
      variant="light"
      size="xs"
      leftSection={<IconDownload size={14} aria-hidden />}
      onClick={() => downloadDocument(read)}
    >
      Download
    </Button>
  );

  return (
    <Stack gap="sm" data-testid="document-preview">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {formatSize(doc.size, locale)} · modified {formatDateTime(doc.modified_at)}
        </Text>
        {download}
      </Group>
      {doc.extract_error && (
        <Alert color="yellow" py="xs">
          Its text could not be read for search: {doc.extract_error}
        </Alert>
      )}
      {kind === 'markdown' && (
        <Paper withBorder p="md" className="document-markdown">
          <Typography>
            <Markdown remarkPlugins={[remarkGfm]} components={markdownComponents}>
              {markdown}
            </Markdown>
          </Typography>
        </Paper>
      )}
      {kind === 'text' && (
        <Paper withBorder p="sm" component="pre" className="document-text" aria-label={`Text of ${doc.name}`}>
          {read.content}
        </Paper>
      )}
      {kind === 'pdf' && (
        <PdfPreview content={read.content} encoding={read.encoding} name={doc.name} download={download} />
      )}
      {kind === 'docx' && (
        <DocxPreview
          path={doc.document_id}
          name={doc.name}
          revision={`${doc.modified_at}:${doc.size}`}
          download={download}
        />
      )}
      {kind === 'image' && (
        <Center>
          <img
            className="document-image"
            src={`data:${imageMimeOf(doc.file_type)};base64,${read.content}`}
            alt={doc.title ?? doc.name}
          />
        </Center>
      )}
      {kind === 'other' && (
        <Paper withBorder p="lg">
          <Stack align="center" gap="xs">
            <IconFile size={40} stroke={1.3} aria-hidden />
            <Text fw={600}>{doc.name}</Text>
            <Text size="sm" c="dimmed">
              {formatSize(doc.size, locale)} · no preview for {doc.file_type ? `.${doc.file_type}` : 'this kind of'}{' '}
              files
            </Text>
            {download}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
