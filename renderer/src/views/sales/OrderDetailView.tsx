import {
  Alert,
  Anchor,
  Button,
  Center,
  DataList,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconCash,
  IconDiscount,
  IconFileInvoice,
  IconPackage,
  IconReceiptRefund,
  IconTruckDelivery,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { OrderDocumentKind } from '../../../../shared/sales/order-documents.js';
import type { Order } from '../../../../shared/sales/orders.js';
import { call } from '../../api.js';
import { downloadBase64 } from '../../download.js';
import { notifyError } from '../../notify.js';
import { AddressLines } from '../../components/AddressLines.js';
import { DetailItem } from '../../components/DetailItem.js';
import { ErrorNotice } from '../../components/ListNotices.js';
import { discountLabel } from './discount.js';
import { formatAmount, formatCount, formatDateTime, whoDid } from '../../format.js';
import { href } from '../../router.js';
import { DiscountDialog, discountEditable } from './DiscountDialog.js';
import { SaveToDocumentsMenu, SavedDocumentNotice, type SavedDocument } from './SaveToDocuments.js';
import { PaymentDialog, StatusDialog } from './OrderDialogs.js';
import { RefundDialog } from './RefundDialog.js';
import { ShipmentDialog } from './ShipmentDialog.js';
import { FulfillmentBadges } from './FulfillmentBadges.js';
import { OrderStatusBadge } from './OrderStatusBadge.js';
import { useOrder, useOrderPayments } from './salesQueries.js';
import { ShipmentsCard } from './ShipmentsCard.js';

type Dialog =
  | { kind: 'payment' }
  | { kind: 'refund' }
  | { kind: 'shipment' }
  | { kind: 'discount' }
  | { kind: 'status'; to: string };

/** What a status button says: the verb for the move. */
const MOVE_LABELS: Record<string, string> = {
  processing: 'Start processing',
  cancelled: 'Cancel order',
  delivered: 'Mark delivered',
};

const TIMELINE_COLORS: Record<Order['timeline'][number]['kind'], string> = {
  order: 'blue',
  payment: 'teal',
  refund: 'red',
  shipment: 'cyan',
};

/** Fetches the PDF and hands it to the browser as a download. */
function DocumentButton({ order, kind }: { order: Order; kind: OrderDocumentKind }) {
  const [pending, setPending] = useState(false);
  const label = kind === 'invoice' ? 'Invoice' : 'Packing slip';
  const download = async () => {
    setPending(true);
    try {
      const pdf = await call('render_order_document', { order_id: order.id, kind });
      downloadBase64(pdf.filename, pdf.content_type, pdf.content);
    } catch (error) {
      notifyError(`Could not make the ${label.toLowerCase()} of order #${order.id}`, error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={
        kind === 'invoice' ? <IconFileInvoice size={16} aria-hidden /> : <IconPackage size={16} aria-hidden />
      }
      loading={pending}
      onClick={() => void download()}
    >
      {label} (PDF)
    </Button>
  );
}

export function OrderDetailView({ orderId }: { orderId: number }) {
  const query = useOrder(orderId);
  const back = (
    <Anchor href={href('/sales/orders')} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        All orders
      </Group>
    </Anchor>
  );
  if (query.isError) {
    return (
      <Stack>
        {back}
        <ErrorNotice
          title={`Could not load order #${orderId}`}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      </Stack>
    );
  }
  if (!query.data) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading order" />
      </Center>
    );
  }
  return <OrderRecord order={query.data} back={back} />;
}

function OrderRecord({ order, back }: { order: Order; back: React.ReactNode }) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [saved, setSaved] = useState<SavedDocument | null>(null);
  const payments = useOrderPayments(order.id);
  const money = (amount: number) => formatAmount(amount, order.currency);
  const closed = order.status === 'cancelled' || order.status === 'refunded';
  const canPay = !closed && order.balance_due > 0;
  const canRefund = order.paid - order.refunded > 0;
  const canShip = order.status === 'paid' || order.status === 'processing';
  const close = () => setDialog(null);

  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" align="center">
          <Title order={2}>Order #{order.id}</Title>
          <OrderStatusBadge status={order.status} />
          <FulfillmentBadges fulfillment={order.fulfillment_status} payment={order.payment_status} />
        </Group>
        <Group gap="xs" wrap="wrap" role="group" aria-label="Order actions">
          {canPay && (
            <Button leftSection={<IconCash size={16} aria-hidden />} onClick={() => setDialog({ kind: 'payment' })}>
              Record payment
            </Button>
          )}
          {canShip && (
            <Button
              leftSection={<IconTruckDelivery size={16} aria-hidden />}
              onClick={() => setDialog({ kind: 'shipment' })}
            >
              Create shipment
            </Button>
          )}
          {order.allowed_statuses.map((to) => (
            <Button
              key={to}
              variant={to === 'cancelled' ? 'light' : 'default'}
              color={to === 'cancelled' ? 'red' : undefined}
              onClick={() => setDialog({ kind: 'status', to })}
            >
              {MOVE_LABELS[to] ?? `Mark ${to}`}
            </Button>
          ))}
          {canRefund && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconReceiptRefund size={16} aria-hidden />}
              onClick={() => setDialog({ kind: 'refund' })}
            >
              Refund
            </Button>
          )}
          <DocumentButton order={order} kind="invoice" />
          <DocumentButton order={order} kind="packing_slip" />
          <SaveToDocumentsMenu order={order} onSaved={setSaved} />
        </Group>
      </Group>
      {saved && <SavedDocumentNotice saved={saved} onClose={() => setSaved(null)} />}
      <Text c="dimmed" size="sm">
        For{' '}
        <Anchor href={href(`/customers/${order.customer_id}`)} size="sm">
          {order.customer_name}
        </Anchor>{' '}
        · placed {formatDateTime(order.created_at)}
        {order.shipping_service && ` · ${order.shipping_service} shipping`}
        {order.import_ref && ` · imported as ${order.import_ref}`}
      </Text>

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="md" className="order-items" component="section" aria-labelledby="items-title">
          <Title order={3} size="h5" id="items-title" mb="xs">
            Items
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Order items" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Product</Table.Th>
                  <Table.Th ta="right">Quantity</Table.Th>
                  <Table.Th ta="right">Shipped</Table.Th>
                  <Table.Th ta="right">Refunded</Table.Th>
                  <Table.Th ta="right">Unit price</Table.Th>
                  <Table.Th ta="right">Line total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {order.items.map((item) => (
                  <Table.Tr key={item.product_id}>
                    <Table.Td>
                      <Anchor href={href(`/sales/products/${item.product_id}`)} size="sm">
                        {item.name}
                      </Anchor>{' '}
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {item.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {formatCount(item.quantity)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {formatCount(item.shipped_quantity)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {formatCount(item.refunded_quantity)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {money(item.unit_price)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {money(item.line_total)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {order.notes && (
            <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
              <strong>Notes:</strong> {order.notes}
            </Text>
          )}
          {order.shipping_address && (
            <Text size="sm" mt="sm" component="div" aria-label="Ships to">
              <strong>Ships to:</strong>
              <AddressLines address={order.shipping_address} />
            </Text>
          )}
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="totals-title">
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Title order={3} size="h5" id="totals-title">
              Totals
            </Title>
            {discountEditable(order) && (
              <Button
                size="compact-sm"
                variant="subtle"
                leftSection={<IconDiscount size={14} aria-hidden />}
                onClick={() => setDialog({ kind: 'discount' })}
              >
                Edit discount
              </Button>
            )}
          </Group>
          <DataList labelWidth="7rem" className="order-totals">
            <DetailItem label="Subtotal">{money(order.subtotal)}</DetailItem>
            {order.discount > 0 && (
              <DetailItem label={discountLabel(order.discount_percent)}>− {money(order.discount)}</DetailItem>
            )}
            <DetailItem label="Shipping">{money(order.shipping)}</DetailItem>
            <DetailItem label={`Tax (${(order.tax_rate_bps / 100).toLocaleString()}%)`}>{money(order.tax)}</DetailItem>
            <DetailItem label="Total">
              <strong>{money(order.total)}</strong>
            </DetailItem>
            <DetailItem label="Paid">{money(order.paid)}</DetailItem>
            <DetailItem label="Refunded">{money(order.refunded)}</DetailItem>
            <DetailItem label="Balance due">
              <Text span fw={700} c={order.balance_due > 0 ? 'orange' : 'teal'}>
                {money(order.balance_due)}
              </Text>
            </DetailItem>
          </DataList>
        </Paper>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="timeline-title">
          <Title order={3} size="h5" id="timeline-title" mb="sm">
            Timeline
          </Title>
          <Timeline active={order.timeline.length - 1} bulletSize={18} lineWidth={2} aria-label="Order timeline">
            {order.timeline.map((event, index) => (
              <Timeline.Item key={index} color={TIMELINE_COLORS[event.kind]}>
                <Text size="sm">{event.text}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(event.at)} · by {whoDid(event.by)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="payments-title">
          <Title order={3} size="h5" id="payments-title" mb="xs">
            Payments
          </Title>
          {payments.isError ? (
            <Alert color="red">Could not load payments: {String(payments.error.message)}</Alert>
          ) : !payments.data ? (
            <Loader size="sm" aria-label="Loading payments" />
          ) : payments.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No payments yet. Record one when the customer has paid.
            </Text>
          ) : (
            <Table aria-label="Payments" verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Method</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th ta="right">Refunded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {payments.data.items.map((p) => (
                  <Table.Tr key={p.transaction_id}>
                    <Table.Td>
                      {formatDateTime(p.created_at)}
                      {p.reference && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          · {p.reference}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{p.payment_method.replace(/_/g, ' ')}</Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {formatAmount(p.amount, p.currency)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {formatAmount(p.refunded, p.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </SimpleGrid>

      <ShipmentsCard order={order} />

      {dialog?.kind === 'payment' && <PaymentDialog order={order} onClose={close} />}
      {dialog?.kind === 'refund' && (
        <RefundDialog order={order} payments={payments.data?.items ?? []} onClose={close} />
      )}
      {dialog?.kind === 'shipment' && <ShipmentDialog order={order} onClose={close} />}
      {dialog?.kind === 'discount' && <DiscountDialog order={order} onClose={close} />}
      {dialog?.kind === 'status' && <StatusDialog order={order} to={dialog.to} onClose={close} />}
    </Stack>
  );
}
