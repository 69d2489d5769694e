import { Button, Group, Modal, Text } from '@mantine/core';
import { useCallback, useEffect, useState, type ReactNode } from 'react';

/**
 * Closing a form with unsaved changes asks first ("Discard your changes?"), whether by Cancel, the
 * close button, Escape or a click outside; so does leaving or reloading the page. Use `close` where
 * the form used `onClose`; render `prompt` beside the form's Modal (not inside it: React events from
 * the prompt would bubble into the form's Modal), and give that Modal `{...unsaved.modalProps}` so it
 * leaves keys and focus to the prompt while it asks.
 */
export function useUnsavedChanges(
  dirty: boolean,
  onClose: () => void,
): { close: () => void; prompt: ReactNode; modalProps: { closeOnEscape: boolean; trapFocus: boolean } } {
  const [asking, setAsking] = useState(false);
  const close = useCallback(() => {
    // Asked a moment later: the Escape that closed the form must not reach the prompt and close it too.
    if (dirty) setTimeout(() => setAsking(true), 0);
    else onClose();
  }, [dirty, onClose]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const prompt = (
    <Modal opened={asking} onClose={() => setAsking(false)} title="Discard your changes?" size="sm" zIndex={400}>
      <Text size="sm">What you typed in this form has not been saved.</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
          Keep editing
        </Button>
        <Button
          color="red"
          onClick={() => {
            setAsking(false);
            onClose();
          }}
        >
          Discard changes
        </Button>
      </Group>
    </Modal>
  );
  return { close, prompt, modalProps: { closeOnEscape: !asking, trapFocus: !asking } };
}

/** Whether a form's values differ from those it opened with. */
export function differs(values: unknown, initial: unknown): boolean {
  return JSON.stringify(values) !== JSON.stringify(initial);
}
