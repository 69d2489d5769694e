import { Button } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useEffect } from 'react';
import { notifyError } from '../notify.js';

/**
 * A copy button like Mantine's CopyButton, built on the same hook so that a refused copy (no
 * clipboard over plain HTTP, a denied permission) is reported instead of silently doing nothing.
 */
export function CopyValueButton({ value, label }: { value: string; label: string }) {
  const clipboard = useClipboard({ timeout: 1500 });
  const { error } = clipboard;

  useEffect(() => {
    if (error) notifyError('Could not copy', new Error(`${error.message}. Select the text and copy it by hand.`));
  }, [error]);

  return (
    <Button
      size="xs"
      variant="light"
      color={clipboard.copied ? 'teal' : undefined}
      leftSection={clipboard.copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
      onClick={() => clipboard.copy(value)}
    >
      {clipboard.copied ? 'Copied' : label}
    </Button>
  );
}
