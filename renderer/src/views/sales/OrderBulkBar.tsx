import { Button, Group, Popover, Stack, Text } from '@mantine/core';
import { IconBan, IconPackage } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrderStatus, OrderSummary } from '../../../../shared/sales/orders.js';
import { call } from '../../api.js';
import { BulkBar, useBulkRun } from '../../components/BulkBar.js';
import { csvOf } from '../../components/bulk.js';
import { keys, refreshList } from '../../live.js';
import { statusLabel } from './OrderStatusBadge.js';

export function ordersCsv(orders: readonly OrderSummary[]): string {
  return csvOf(
    ['order', 'placed', 'customer', 'status', 'items', 'total', 'paid', 'currency'],
    orders.map((o) => [
      String(o.id),
      o.created_at,
      o.customer_name,
      o.status,
      String(o.item_count),
      String(o.total),
      String(o.paid - o.refunded),
      o.currency,
    ]),
  );
}

/**
 * What the person can do to the orders they ticked. Only the moves a person makes by hand: paid orders
 * go to processing, pending ones can be cancelled. Shipping needs a shipment and payment a payment, so
 * those are not offered here; an order in another status is left as it is, and said so.
 */
export function OrderBulkBar({ selected, onClear }: { selected: OrderSummary[]; onClear: () => void }) {
  const bulk = useBulkRun({
    selected,
    nameOf: (o) => `Order #${o.id}`,
    nouns: ['order', 'orders'],
    refresh: (queryClient) => refreshList(queryClient, keys.sales),
    onClear,
  });
  const { busy, run } = bulk;
  const [confirming, setConfirming] = useState(false);
  const pending = selected.filter((o) => o.status === 'pending');
  const paid = selected.filter((o) => o.status === 'paid');

  const move = (from: OrderStatus, to: OrderStatus, did: string, why: string) =>
    run(
      did,
      (o) => call('update_order_status', { order_id: o.id, status: to }),
      (o) => (o.status === from ? null : `it is ${statusLabel(o.status).toLowerCase()}; ${why}`),
    );

  return (
    <BulkBar
      bulk={bulk}
      label="Selected orders"
      onClear={onClear}
      exportCsv={{ fileName: `orders-${selected.length}.csv`, csv: () => ordersCsv(selected) }}
    >
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPackage size={14} aria-hidden />}
        disabled={busy || paid.length === 0}
        title={paid.length === 0 ? 'Only paid orders can be marked as processing' : undefined}
        onClick={() =>
          void move('paid', 'processing', 'marked as processing', 'only paid orders can be marked as processing')
        }
      >
        Mark as processing
      </Button>
      <Popover opened={confirming} onChange={setConfirming} trapFocus position="bottom-start" withArrow>
        <Popover.Target>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconBan size={14} aria-hidden />}
            disabled={busy || pending.length === 0}
            title={pending.length === 0 ? 'Only orders waiting for payment can be cancelled' : undefined}
            onClick={() => setConfirming((o) => !o)}
          >
            Cancel orders
          </Button>
        </Popover.Target>
        <Popover.Dropdown maw={320}>
          <Stack gap="xs">
            <Text size="sm">
              Cancel {pending.length} {pending.length === 1 ? 'order' : 'orders'} waiting for payment? Their stock is
              released, and a cancelled order cannot be reopened.
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                color="red"
                onClick={() => {
                  setConfirming(false);
                  void move('pending', 'cancelled', 'cancelled', 'only orders waiting for payment can be cancelled');
                }}
              >
                Cancel {pending.length === 1 ? 'it' : 'them'}
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                Keep them
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </BulkBar>
  );
}
