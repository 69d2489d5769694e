import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  DataList,
  Drawer,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowRight, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Customer } from '../../../shared/customers.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { phoneWarning } from '../../../shared/phone.js';
import { AddressLines } from '../components/AddressLines.js';
import { DetailItem } from '../components/DetailItem.js';
import { formatAmount, formatCount, formatDate } from '../format.js';
import { errorMessage } from '../notify.js';
import { href, navigate } from '../router.js';
import { useCustomer } from './customerQueries.js';
import { CustomerStatusBadge } from './CustomerStatusBadge.js';
import { OrderCreateModal } from './sales/OrderCreateModal.js';
import { NO_ORDER_FILTERS, ordersHref } from './sales/orderFilters.js';
import { OrderStatusBadge } from './sales/OrderStatusBadge.js';
import { useCustomerAnalytics, useOrderList } from './sales/salesQueries.js';
import { useSettings } from './settingsQueries.js';

export interface CustomerDetailDrawerProps {
  customerId: number | null;
  onClose: () => void;
  onEdit: (customer: Customer) => void;
  onDelete: (customer: Customer) => void;
  /** Off while a dialog opened from the drawer is on top, so Esc closes only that dialog. */
  closeOnEscape: boolean;
}

export function CustomerDetailDrawer({
  customerId,
  onClose,
  onEdit,
  onDelete,
  closeOnEscape,
}: CustomerDetailDrawerProps) {
  const query = useCustomer(customerId);
  const customer = query.data;
  const [ordering, setOrdering] = useState(false);
  return (
    <>
      <Drawer
        opened={customerId !== null}
        onClose={onClose}
        position="right"
        size="md"
        title={customer?.name ?? 'Customer'}
        // Esc closes only the dialog on top (React's events bubble from a portal to the drawer).
        closeOnEscape={closeOnEscape && !ordering}
        closeButtonProps={{ 'aria-label': 'Close customer details' }}
      >
        {query.isError ? (
          <Alert color="red" title="Could not load this customer">
            {errorMessage(query.error)}
          </Alert>
        ) : customer ? (
          <CustomerRecord
            customer={customer}
            onEdit={onEdit}
            onDelete={onDelete}
            onNewOrder={() => setOrdering(true)}
          />
        ) : (
          <Center py="xl">
            <Loader aria-label="Loading customer" />
          </Center>
        )}
      </Drawer>
      {ordering && customer && (
        <OrderCreateModal
          customerId={customer.id}
          onClose={() => setOrdering(false)}
          onOpenOrder={(order) => {
            setOrdering(false);
            navigate(`/sales/orders/${order.id}`);
          }}
        />
      )}
    </>
  );
}

interface CustomerRecordProps {
  customer: Customer;
  onEdit: (customer: Customer) => void;
  onDelete: (customer: Customer) => void;
  onNewOrder: () => void;
}

function CustomerRecord({ customer, onEdit, onDelete, onNewOrder }: CustomerRecordProps) {
  const settings = useSettings();
  const doubt =
    customer.phone && settings.data
      ? phoneWarning(
          customer.phone,
          customer.address?.country ?? settings.data.default_country,
          parsePhoneNumberFromString,
        )
      : undefined;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <CustomerStatusBadge status={customer.status} />
        <Text size="sm" c="dimmed">
          Customer since {formatDate(customer.created_at)}
        </Text>
      </Group>
      <DataList labelWidth="7rem">
        <DetailItem label="Email">{customer.email}</DetailItem>
        <DetailItem label="Phone">
          {customer.phone ?? '—'}
          {customer.phone_e164 && customer.phone_e164 !== customer.phone && (
            <Text span size="sm" c="dimmed">
              {' '}
              ({customer.phone_e164})
            </Text>
          )}
          {doubt && (
            <Group gap={4} wrap="nowrap" mt={2}>
              <IconAlertTriangle size={14} color="var(--mantine-color-yellow-7)" aria-hidden />
              <Text size="xs" c="yellow.8">
                This does not look like a complete phone number.
              </Text>
            </Group>
          )}
        </DetailItem>
        <DetailItem label="Address">{customer.address ? <AddressLines address={customer.address} /> : '—'}</DetailItem>
        <DetailItem label="Tags">
          {customer.tags.length > 0 ? (
            <Group gap={4}>
              {customer.tags.map((tag) => (
                <Badge key={tag} variant="outline" size="sm" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : (
            '—'
          )}
        </DetailItem>
        <DetailItem label="Notes">
          {customer.notes ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {customer.notes}
            </Text>
          ) : (
            '—'
          )}
        </DetailItem>
      </DataList>
      <Group>
        <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={() => onEdit(customer)}>
          Edit
        </Button>
        <Button
          color="red"
          variant="light"
          leftSection={<IconTrash size={16} aria-hidden />}
          onClick={() => onDelete(customer)}
        >
          Delete
        </Button>
      </Group>
      <CustomerSales customer={customer} onNewOrder={onNewOrder} />
    </Stack>
  );
}

/** Orders shown in the drawer; "See all" opens the orders list filtered to the customer. */
const RECENT_ORDERS = 5;

/**
 * The customer's orders and figures. Orders, ordered, average and awaited are over the same orders (those
 * not cancelled, in the settings currency), so the average is what an order of theirs comes to; received
 * is what they paid, less refunds.
 */
function CustomerSales({ customer, onNewOrder }: { customer: Customer; onNewOrder: () => void }) {
  const customerId = customer.id;
  const query = useCustomerAnalytics(customerId);
  const orders = useOrderList({ ...NO_ORDER_FILTERS, customerId });
  const figures = query.data?.customer;
  const money = (amount: number) => formatAmount(amount, query.data?.currency ?? 'USD');
  const recent = orders.data?.pages[0]?.items.slice(0, RECENT_ORDERS) ?? [];
  const more = (orders.data?.pages[0]?.items.length ?? 0) > RECENT_ORDERS || orders.hasNextPage;
  return (
    <section aria-labelledby="customer-sales-title">
      <Group justify="space-between" align="baseline" mb="xs">
        <Title order={3} size="h5" id="customer-sales-title">
          Sales
        </Title>
        <Anchor href={ordersHref({ customerId })} size="sm">
          <Group gap={4} component="span">
            See orders
            <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      {query.isError ? (
        <Text size="sm" c="red">
          Could not load the figures: {errorMessage(query.error)}
        </Text>
      ) : !query.data ? (
        <Loader size="sm" aria-label="Loading sales figures" />
      ) : !figures || figures.orders === 0 ? (
        <Text size="sm" c="dimmed">
          No orders yet.
        </Text>
      ) : (
        <DataList labelWidth="9rem">
          <DetailItem label="Orders">{formatCount(figures.orders)}</DetailItem>
          <DetailItem label="Ordered">{money(figures.ordered)}</DetailItem>
          <DetailItem label="Average order">{money(figures.average_order)}</DetailItem>
          <DetailItem label="Received">{money(figures.revenue)}</DetailItem>
          {figures.outstanding > 0 && <DetailItem label="Awaiting payment">{money(figures.outstanding)}</DetailItem>}
          <DetailItem label="First order">
            {figures.first_order_at ? formatDate(figures.first_order_at) : '—'}
          </DetailItem>
          <DetailItem label="Last order">{figures.last_order_at ? formatDate(figures.last_order_at) : '—'}</DetailItem>
        </DataList>
      )}
      {recent.length > 0 && (
        <Table mt="sm" verticalSpacing={4} fz="sm" aria-label={`Orders of ${customer.name}`} highlightOnHover>
          <Table.Tbody>
            {recent.map((order) => (
              <Table.Tr key={order.id}>
                <Table.Td>
                  <Anchor href={href(`/sales/orders/${order.id}`)} size="sm">
                    #{order.id}
                  </Anchor>
                </Table.Td>
                <Table.Td>{formatDate(order.created_at)}</Table.Td>
                <Table.Td>
                  <OrderStatusBadge status={order.status} />
                </Table.Td>
                <Table.Td ta="right">{formatAmount(order.total, order.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {more && (
        <Text size="xs" c="dimmed" mt={4}>
          The latest {RECENT_ORDERS}; “See orders” lists them all.
        </Text>
      )}
      <Button
        mt="sm"
        size="xs"
        variant="light"
        leftSection={<IconPlus size={14} aria-hidden />}
        disabled={customer.status !== 'active'}
        title={customer.status !== 'active' ? 'Only active customers can place orders' : undefined}
        onClick={onNewOrder}
      >
        New order for this customer
      </Button>
    </section>
  );
}
