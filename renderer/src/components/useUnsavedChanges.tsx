import { Button, Group, Modal, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { addLeaveGuard } from '../router.js';

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
  options: {
    /**
     * Also ask when the person goes to another page of the app (a link, Back): for forms that are
     * part of a page (Settings, a document's details) rather than a dialog, which closes first.
     */
    guardPages?: boolean;
  } = {},
): {
  close: () => void;
  /** Runs `action` (switching a tab, say) at once, or once the person chooses to discard their changes. */
  confirm: (action: () => void) => void;
  prompt: ReactNode;
  modalProps: { closeOnEscape: boolean; trapFocus: boolean };
} {
  // The action waiting for the person's answer; null while nothing is asked.
  const [pending, setPending] = useState<{ run: () => void } | null>(null);
  const asking = pending !== null;
  // True while a discarded form's action runs: its own navigation must not ask again.
  const discarding = useRef(false);

  const confirm = useCallback(
    (action: () => void) => {
      // Asked a moment later: the Escape that closed the form must not reach the prompt and close it too.
      if (dirty) setTimeout(() => setPending({ run: action }), 0);
      else action();
    },
    [dirty],
  );
  const close = useCallback(() => confirm(onClose), [confirm, onClose]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const guardPages = options.guardPages === true;
  useEffect(() => {
    if (!dirty || !guardPages) return;
    return addLeaveGuard((proceed) => {
      if (discarding.current) return false;
      setPending({ run: proceed });
      return true;
    });
  }, [dirty, guardPages]);

  const prompt = (
    <Modal opened={asking} onClose={() => setPending(null)} title="Discard your changes?" size="sm" zIndex={400}>
      <Text size="sm">What you typed in this form has not been saved.</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => setPending(null)} data-autofocus>
          Keep editing
        </Button>
        <Button
          color="red"
          onClick={() => {
            const action = pending?.run;
            setPending(null);
            discarding.current = true;
            try {
              action?.();
            } finally {
              discarding.current = false;
            }
          }}
        >
          Discard changes
        </Button>
      </Group>
    </Modal>
  );
  return { close, confirm, prompt, modalProps: { closeOnEscape: !asking, trapFocus: !asking } };
}

/** Whether a form's values differ from those it opened with. */
export function differs(values: unknown, initial: unknown): boolean {
  return JSON.stringify(values) !== JSON.stringify(initial);
}
