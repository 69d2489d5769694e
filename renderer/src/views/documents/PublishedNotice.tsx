import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconFolderOpen, IconWorldUpload } from '@tabler/icons-react';
import { showInFolder } from '../../api.js';
import { notifyError } from '../../notify.js';

export interface PublishedFiles {
  folder: string;
  markdown: string;
  html: string;
}

/**
 * Where publishing put a document: the web page and its Markdown, in the publish folder (in Officina's
 * data folder, not the vault). The desktop app can open the file manager there; in a browser the page
 * cannot, so the location is offered to copy.
 */
export function PublishedNotice({
  name,
  files,
  onClose,
}: {
  name: string;
  files: PublishedFiles;
  onClose: () => void;
}) {
  const reveal = showInFolder;
  return (
    <Alert
      color="blue"
      icon={<IconWorldUpload size={18} aria-hidden />}
      title={`${name} is published`}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      data-testid="published-notice"
    >
      <Stack gap={6}>
        <Text size="sm">
          A web page and a Markdown copy were written to the publish folder, in Officina’s data folder (outside the
          vault):
        </Text>
        <Code block aria-label="Published web page">
          {files.html}
        </Code>
        <Code block aria-label="Published Markdown">
          {files.markdown}
        </Code>
        <Group gap="xs">
          {reveal && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconFolderOpen size={14} aria-hidden />}
              onClick={() =>
                void reveal(files.html).then(
                  (shown) => {
                    if (!shown) notifyError('Could not show the published page', new Error('It is no longer there.'));
                  },
                  (error: unknown) => notifyError('Could not show the published page', error),
                )
              }
            >
              Show in folder
            </Button>
          )}
          <CopyButton value={files.html}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="subtle"
                leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                onClick={copy}
              >
                {copied ? 'Location copied' : 'Copy the page’s location'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
