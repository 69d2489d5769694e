import { Alert, Anchor, Button, Code, Group, Menu, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconFileCheck, IconFolderDown } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OrderDocumentKind } from '../../../../shared/sales/order-documents.js';
import type { Order } from '../../../../shared/sales/orders.js';
import { call } from '../../api.js';
import { keys, refreshList } from '../../live.js';
import { notifyError } from '../../notify.js';
import { href } from '../../router.js';
import { documentsPath } from '../documents/paths.js';

const NAMES: Record<OrderDocumentKind, string> = { invoice: 'Invoice', packing_slip: 'Packing slip' };

export interface SavedDocument {
  kind: OrderDocumentKind;
  orderId: number;
  /** Where it is in the vault. */
  path: string;
}

/**
 * Keeps the invoice or packing slip among the documents (a new file in the vault, never over another),
 * so it can be found, searched and sent later without making it again.
 */
export function SaveToDocumentsMenu({ order, onSaved }: { order: Order; onSaved: (saved: SavedDocument) => void }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const save = async (kind: OrderDocumentKind) => {
    setPending(true);
    try {
      const made = await call('render_order_document', { order_id: order.id, kind, save_to_vault: true });
      if (made.document_id !== null) {
        refreshList(queryClient, keys.documents);
        onSaved({ kind, orderId: order.id, path: made.document_id });
      }
    } catch (error) {
      notifyError(`Could not save the ${NAMES[kind].toLowerCase()} of order #${order.id} to documents`, error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          loading={pending}
          leftSection={<IconFolderDown size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          Save to documents
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void save('invoice')}>Save the invoice</Menu.Item>
        <Menu.Item onClick={() => void save('packing_slip')}>Save the packing slip</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Where the saved document went, with the way to open it. */
export function SavedDocumentNotice({ saved, onClose }: { saved: SavedDocument; onClose: () => void }) {
  const link = href(documentsPath({ file: saved.path }));
  return (
    <Alert
      color="teal"
      icon={<IconFileCheck size={18} aria-hidden />}
      title={`${NAMES[saved.kind]} of order #${saved.orderId} saved to documents`}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
    >
      <Stack gap={6}>
        <Text size="sm">
          It is a new document in your vault, tagged with the order, at <Code>{saved.path}</Code>
        </Text>
        <Group gap="xs">
          <Button component="a" href={link} size="xs" variant="light">
            Open it in Documents
          </Button>
          <Anchor
            href={href(documentsPath({ folder: saved.path.slice(0, Math.max(saved.path.lastIndexOf('/'), 0)) }))}
            size="sm"
          >
            Show the folder
          </Anchor>
        </Group>
      </Stack>
    </Alert>
  );
}
