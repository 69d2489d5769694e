import { Alert, Center, Loader, Paper, Stack, Text, Typography } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../notify.js';
import { useDocumentHtmlPreview } from './documentQueries.js';

export interface DocxPreviewProps {
  path: string;
  name: string;
  /** Changes when the file does, so the preview follows edits made in Word. */
  revision: string;
  /** The Download button, offered again when the document cannot be shown. */
  download: ReactNode;
}

/**
 * A Word document as its HTML. The HTML comes from core already sanitised (electron/core/vault/
 * docx-preview.ts: no scripts, handlers, frames or styles; images only from inside the file; links
 * only to web and mail addresses, opening in a new window), and the page's Content-Security-Policy
 * would stop anything that slipped through, so it is set as the document's markup here.
 */
export function DocxPreview({ path, name, revision, download }: DocxPreviewProps) {
  const preview = useDocumentHtmlPreview(path, revision);
  if (preview.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="Preparing the Word document" />
      </Center>
    );
  }
  if (preview.isError) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title={`${name} cannot be shown`}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(preview.error)}</Text>
          {download}
        </Stack>
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" className="document-docx">
      <Typography>
        <div
          role="document"
          aria-label={`Word document ${name}`}
          // Sanitised in core; see the comment above.
          dangerouslySetInnerHTML={{ __html: preview.data.html }}
        />
      </Typography>
    </Paper>
  );
}
