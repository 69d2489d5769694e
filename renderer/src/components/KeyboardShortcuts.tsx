import { ActionIcon, Kbd, Modal, Table, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKeyboard } from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

const SHORTCUTS: { keys: ReactNode; does: string }[] = [
  {
    keys: (
      <>
        <Kbd>{MOD}</Kbd> + <Kbd>K</Kbd>
      </>
    ),
    does: 'Search customers, orders, products and documents',
  },
  { keys: <Kbd>?</Kbd>, does: 'Show these shortcuts' },
  {
    keys: (
      <>
        <Kbd>↑</Kbd> <Kbd>↓</Kbd> <Kbd>Enter</Kbd>
      </>
    ),
    does: 'Move through search results and open one',
  },
  { keys: <Kbd>Esc</Kbd>, does: 'Close the open dialog, panel or search' },
  {
    keys: (
      <>
        <Kbd>Tab</Kbd> / <Kbd>Shift</Kbd> + <Kbd>Tab</Kbd>
      </>
    ),
    does: 'Move between fields and buttons',
  },
  { keys: <Kbd>Enter</Kbd>, does: 'In a form: save it' },
];

/** Typing in a field must never open the list: "?" is a character there. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The keyboard shortcuts, listed under "?" (and the header's keyboard button). */
export function KeyboardShortcuts() {
  const [opened, { open, close }] = useDisclosure(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target)) {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <>
      <Tooltip label="Keyboard shortcuts (?)">
        <ActionIcon variant="subtle" color="gray" onClick={open} aria-label="Keyboard shortcuts">
          <IconKeyboard size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={close} title="Keyboard shortcuts" size="lg">
        <Table aria-label="Keyboard shortcuts" verticalSpacing="xs">
          <Table.Tbody>
            {SHORTCUTS.map((s) => (
              <Table.Tr key={s.does}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{s.keys}</Table.Td>
                <Table.Td>{s.does}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  );
}
