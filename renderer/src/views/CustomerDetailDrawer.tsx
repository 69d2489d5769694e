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
  Text,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconPencil, IconTrash } from '@tabler/icons-react';
import type { Address, Customer } from '../../../shared/customers.js';
import { DetailItem } from '../components/DetailItem.js';
import { countryName, formatAmount, formatCount, formatDate, formatDateTime } from '../format.js';
import { errorMessage } from '../notify.js';
import { useCustomer } from './customerQueries.js';
import { CustomerStatusBadge } from './CustomerStatusBadge.js';
import { ordersHref } from './sales/orderFilters.js';
import { useCustomerAnalytics } from './sales/salesQueries.js';

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
  return (
    <Drawer
      opened={customerId !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={customer?.name ?? 'Customer'}
      closeOnEscape={closeOnEscape}
      closeButtonProps={{ 'aria-label': 'Close customer details' }}
    >
      {query.isError ? (
        <Alert color="red" title="Could not load this customer">
          {errorMessage(query.error)}
        </Alert>
      ) : customer ? (
        <CustomerRecord customer={customer} onEdit={onEdit} onDelete={onDelete} />
      ) : (
        <Center py="xl">
          <Loader aria-label="Loading customer" />
        </Center>
      )}
    </Drawer>
  );
}

interface CustomerRecordProps {
  customer: Customer;
  onEdit: (customer: Customer) => void;
  onDelete: (customer: Customer) => void;
}

function CustomerRecord({ customer, onEdit, onDelete }: CustomerRecordProps) {
  return (
    <Stack gap="md">
      <Group gap="xs">
        <CustomerStatusBadge status={customer.status} />
        <Text size="sm" c="dimmed">
          Customer #{customer.id}
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
        <DetailItem label="Version">{customer.version}</DetailItem>
        <DetailItem label="Created">{formatDateTime(customer.created_at)}</DetailItem>
        <DetailItem label="Updated">{formatDateTime(customer.updated_at)}</DetailItem>
      </DataList>
      <CustomerSales customerId={customer.id} />
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
    </Stack>
  );
}

/** The customer's figures from the sales domain: orders, net revenue, average order, first and last order. */
function CustomerSales({ customerId }: { customerId: number }) {
  const query = useCustomerAnalytics(customerId);
  const figures = query.data?.customer;
  const money = (amount: number) => formatAmount(amount, query.data?.currency ?? 'USD');
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
        <DataList labelWidth="7rem">
          <DetailItem label="Orders">{formatCount(figures.orders)}</DetailItem>
          <DetailItem label="Revenue">{money(figures.revenue)}</DetailItem>
          <DetailItem label="Average order">{money(figures.average_order)}</DetailItem>
          <DetailItem label="First order">
            {figures.first_order_at ? formatDate(figures.first_order_at) : '—'}
          </DetailItem>
          <DetailItem label="Last order">{figures.last_order_at ? formatDate(figures.last_order_at) : '—'}</DetailItem>
        </DataList>
      )}
    </section>
  );
}

function AddressLines({ address }: { address: Address }) {
  const cityLine = [address.postal_code, address.city].filter(Boolean).join(' ');
  const lines = [
    address.line1,
    address.line2,
    [cityLine, address.region].filter(Boolean).join(', '),
    address.country ? countryName(address.country) : undefined,
  ].filter((line): line is string => Boolean(line));
  return (
    <div>
      {lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </div>
  );
}
