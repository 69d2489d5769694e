import {
  ActionIcon,
  Alert,
  Button,
  DataList,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import { SHIPPING_SERVICES } from '../../../../shared/sales/orders.js';
import type { Product } from '../../../../shared/sales/products.js';
import { DetailItem } from '../../components/DetailItem.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { formatAmount, formatCount, locale } from '../../format.js';
import { ApiError } from '../../api.js';
import type { Address } from '../../../../shared/customers.js';
import { addressLine } from '../../address.js';
import { errorMessage, notifyError, notifySuccess } from '../../notify.js';
import { CustomerPicker } from '../CustomerPicker.js';
import { useCustomer } from '../customerQueries.js';
import { parseDecimal, parseInteger, useServerErrors } from './serverErrors.js';
import { useCreateOrder, useOrderQuote, useProductSearch } from './salesQueries.js';
import { discountLabel, type DiscountKind } from './discount.js';

type CreatedOrder = OutputOf<'create_order'>;

interface Line {
  product: Product;
  quantity: string;
}

/** No shipping, a service priced from the rate table, or an amount the person types. */
type ShippingChoice = 'none' | (typeof SHIPPING_SERVICES)[number] | 'amount';

const SHIPPING_CHOICES: { value: ShippingChoice; label: string }[] = [
  { value: 'none', label: 'No shipping' },
  ...SHIPPING_SERVICES.map((s) => ({ value: s, label: `${s.charAt(0).toUpperCase()}${s.slice(1)}` })),
  { value: 'amount', label: 'Set an amount' },
];

/**
 * Field keys: 'customer', 'items', 'service', 'amount', 'discount', 'notes', 'address' and 'line.N' for
 * each line's quantity.
 */
function fieldOf(path: string): string | undefined {
  const [head, index] = path.split('.');
  if (head === 'customer_id') return 'customer';
  if (head === 'items') return index !== undefined && /^\d+$/.test(index) ? `line.${index}` : 'items';
  if (head === 'shipping_service') return 'service';
  if (head === 'shipping_amount') return 'amount';
  if (head === 'shipping_address') return 'address';
  if (head === 'notes') return 'notes';
  if (head === 'discount_amount' || head === 'discount_percent') return 'discount';
  return undefined;
}

export interface OrderCreateModalProps {
  /** The customer to start with (the orders list is filtered to them), or none. */
  customerId?: number | null;
  onClose: () => void;
  onOpenOrder: (order: CreatedOrder) => void;
}

export function OrderCreateModal({ customerId = null, onClose, onOpenOrder }: OrderCreateModalProps) {
  const [created, setCreated] = useState<CreatedOrder | null>(null);
  const [dirty, setDirty] = useState(false);
  const unsaved = useUnsavedChanges(dirty && created === null, onClose);
  return (
    <>
      <Modal
        {...unsaved.modalProps}
        opened
        onClose={unsaved.close}
        title={created ? `Order #${created.id} placed` : 'New order'}
        size="xl"
      >
        {created ? (
          <OrderPlaced order={created} onClose={onClose} onOpen={() => onOpenOrder(created)} />
        ) : (
          <OrderForm
            initialCustomerId={customerId}
            onClose={unsaved.close}
            onCreated={setCreated}
            onDirtyChange={setDirty}
          />
        )}
      </Modal>
      {unsaved.prompt}
    </>
  );
}

interface OrderFormProps {
  initialCustomerId: number | null;
  onClose: () => void;
  onCreated: (order: CreatedOrder) => void;
  /** Whether the person has chosen or typed anything yet, for the unsaved-changes prompt. */
  onDirtyChange: (dirty: boolean) => void;
}

function OrderForm({ initialCustomerId, onClose, onCreated, onDirtyChange }: OrderFormProps) {
  const [customerId, setCustomerId] = useState<number | null>(initialCustomerId);
  const [productSearch, setProductSearch] = useState('');
  const [productQuery] = useDebouncedValue(productSearch.trim(), 200);
  const [lines, setLines] = useState<Line[]>([]);
  // Shipping is charged only when the person asks for it, as for an assistant's orders.
  const [shipping, setShipping] = useState<ShippingChoice>('none');
  const [shippingAmount, setShippingAmount] = useState('');
  const [notes, setNotes] = useState('');
  const [discountKind, setDiscountKind] = useState<DiscountKind>('none');
  const [discountValue, setDiscountValue] = useState('');
  const products = useProductSearch(productQuery);
  const errors = useServerErrors<string>(fieldOf);
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const create = useCreateOrder();
  const dirty =
    customerId !== initialCustomerId ||
    lines.length > 0 ||
    notes.trim() !== '' ||
    shipping !== 'none' ||
    discountKind !== 'none';
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const productOptions = (products.data?.items ?? [])
    .filter((p) => !lines.some((line) => line.product.id === p.id))
    .map((p) => ({
      value: String(p.id),
      label: `${p.name} (${p.sku}) · ${formatAmount(p.price, p.currency)} · ${formatCount(p.stock.available)} available`,
    }));

  const addProduct = (id: string | null) => {
    const product = products.data?.items.find((p) => String(p.id) === id);
    if (!product) return;
    setLines((current) => [...current, { product, quantity: '1' }]);
    setProductSearch('');
    errors.clearField('items');
  };

  const setQuantity = (index: number, quantity: string) => {
    setLines((current) => current.map((line, i) => (i === index ? { ...line, quantity } : line)));
    errors.clearField(`line.${index}`);
  };

  const removeLine = (index: number) => {
    setLines((current) => current.filter((_, i) => i !== index));
    errors.reset();
  };

  const currency = lines[0]?.product.currency;
  const service = shipping === 'none' || shipping === 'amount' ? null : shipping;
  const typedDiscount = discountKind === 'none' ? undefined : parseDecimal(discountValue);
  const discountInput = {
    ...(discountKind === 'percent' && { discount_percent: (typedDiscount ?? '') as number }),
    ...(discountKind === 'amount' && { discount_amount: (typedDiscount ?? '') as number }),
  };

  // The totals as the server will set them (items, discount, shipping from the rate table, tax),
  // re-quoted as the customer, lines, shipping or discount change.
  const customer = useCustomer(customerId);
  const quoteInput = useMemo<InputOf<'quote_order'> | null>(() => {
    const items = lines.flatMap((line) => {
      const quantity = parseInteger(line.quantity);
      return typeof quantity === 'number' && quantity > 0 ? [{ product_id: line.product.id, quantity }] : [];
    });
    if (customerId === null || items.length === 0) return null;
    const amount = shipping === 'amount' ? parseDecimal(shippingAmount) : undefined;
    return {
      customer_id: customerId,
      items,
      ...(service !== null && { shipping_service: service }),
      ...(typeof amount === 'number' && { shipping_amount: amount }),
      ...(typeof typedDiscount === 'number' &&
        (discountKind === 'percent' ? { discount_percent: typedDiscount } : { discount_amount: typedDiscount })),
    };
  }, [customerId, lines, service, shipping, shippingAmount, discountKind, typedDiscount]);
  const [debouncedQuoteInput] = useDebouncedValue(quoteInput, 250);
  const quote = useOrderQuote(debouncedQuoteInput);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    create.mutate(
      {
        customer_id: (customerId ?? '') as number,
        items: lines.map((line) => ({
          product_id: line.product.id,
          quantity: (parseInteger(line.quantity) ?? '') as number,
        })),
        ...(service !== null && { shipping_service: service }),
        ...(shipping === 'amount' && { shipping_amount: (parseDecimal(shippingAmount) ?? '') as number }),
        ...discountInput,
        ...(notes.trim() !== '' && { notes: notes.trim() }),
      },
      {
        onSuccess: (order) => {
          notifySuccess(`Order #${order.id} placed for ${order.customer_name}`);
          onCreated(order);
        },
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not place the order', error);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        {errors.formErrors.length > 0 && (
          <Alert color="red" title="The order was not placed" role="alert">
            {errors.formErrors.map((message) => (
              <div key={message}>{message}</div>
            ))}
          </Alert>
        )}
        <CustomerPicker
          label="Customer"
          placeholder="Search customers by name or email"
          withAsterisk
          data-autofocus
          activeOnly
          value={customerId}
          onChange={(value) => {
            setCustomerId(value);
            errors.clearField('customer');
          }}
          error={errors.fieldErrors['customer']}
        />
        <Select
          label="Add product"
          placeholder="Search products by name or SKU"
          searchable
          value={null}
          onChange={addProduct}
          searchValue={productSearch}
          onSearchChange={setProductSearch}
          filter={({ options }) => options}
          data={productOptions}
          nothingFoundMessage={products.isFetching ? 'Searching…' : 'No product matches'}
          error={errors.fieldErrors['items']}
        />
        {lines.length === 0 ? (
          <Text size="sm" c="dimmed">
            No items yet: search for a product above and pick it to add a line.
          </Text>
        ) : (
          <Table aria-label="Order lines" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Product</Table.Th>
                <Table.Th ta="right">Unit price</Table.Th>
                <Table.Th ta="right">Available</Table.Th>
                <Table.Th w={130}>Quantity</Table.Th>
                <Table.Th w={40}>
                  <span className="visually-hidden">Remove</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line, index) => (
                <Table.Tr key={line.product.id} style={{ verticalAlign: 'top' }}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {line.product.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {line.product.sku}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {formatAmount(line.product.price, line.product.currency)}
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {formatCount(line.product.stock.available)}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`Quantity of ${line.product.name}`}
                      inputMode="numeric"
                      size="xs"
                      value={line.quantity}
                      error={errors.fieldErrors[`line.${index}`]}
                      onChange={(event) => setQuantity(index, event.currentTarget.value)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${line.product.name}`}
                      onClick={() => removeLine(index)}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group grow align="flex-start">
          <NativeSelect
            label="Shipping"
            value={shipping}
            error={errors.fieldErrors['service'] ?? errors.fieldErrors['address']}
            onChange={(event) => {
              setShipping(event.currentTarget.value as ShippingChoice);
              errors.clearField('service');
              errors.clearField('amount');
            }}
            data={SHIPPING_CHOICES}
            description={
              shipping === 'none'
                ? 'Nothing is added for shipping'
                : shipping === 'amount'
                  ? 'Charged as you type it'
                  : "To the customer's address, priced from your rate table"
            }
          />
          {shipping === 'amount' && (
            <TextInput
              label={`Shipping amount${currency ? ` (${currency})` : ''}`}
              inputMode="decimal"
              value={shippingAmount}
              error={errors.fieldErrors['amount']}
              onChange={(event) => {
                setShippingAmount(event.currentTarget.value);
                errors.clearField('amount');
              }}
            />
          )}
          <Textarea
            label="Notes"
            autosize
            minRows={1}
            maxRows={4}
            value={notes}
            error={errors.fieldErrors['notes']}
            onChange={(event) => setNotes(event.currentTarget.value)}
          />
        </Group>
        <Group grow align="flex-start">
          <NativeSelect
            label="Discount"
            value={discountKind}
            onChange={(event) => {
              setDiscountKind(event.currentTarget.value as DiscountKind);
              errors.clearField('discount');
            }}
            data={[
              { value: 'none', label: 'No discount' },
              { value: 'percent', label: 'Percent off the items' },
              { value: 'amount', label: 'Amount off the items' },
            ]}
            description="Taken off the items before tax"
          />
          {discountKind !== 'none' ? (
            <TextInput
              label={discountKind === 'percent' ? 'Percent off' : `Amount off${currency ? ` (${currency})` : ''}`}
              inputMode="decimal"
              value={discountValue}
              rightSection={discountKind === 'percent' ? '%' : undefined}
              error={errors.fieldErrors['discount']}
              onChange={(event) => {
                setDiscountValue(event.currentTarget.value);
                errors.clearField('discount');
              }}
            />
          ) : (
            <div />
          )}
        </Group>
        <OrderTotals
          ready={quoteInput !== null}
          quote={quote}
          shipping={shipping}
          noAddress={service !== null && customer.isSuccess && customer.data.address === null}
          address={customer.data?.address ?? null}
        />
        <Group justify="flex-end" mt="xs" align="flex-start" wrap="nowrap">
          <Group>
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Place order
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

type Quote = ReturnType<typeof useOrderQuote>;

/** What the order will come to, priced by the server as placing it would (the same code sets the totals). */
function OrderTotals({
  ready,
  quote,
  shipping,
  noAddress,
  address,
}: {
  ready: boolean;
  quote: Quote;
  shipping: ShippingChoice;
  noAddress: boolean;
  address: Address | null;
}) {
  let body: ReactNode;
  if (!ready) {
    body = (
      <Text size="sm" c="dimmed">
        Choose a customer and add items to see what the order comes to.
      </Text>
    );
  } else if (noAddress) {
    body = (
      <Text size="sm" c="orange">
        The customer has no address to ship to: add one to their record, or choose no shipping or an amount.
      </Text>
    );
  } else if (quote.isError) {
    body = (
      <Text size="sm" c="red">
        {quoteProblem(quote.error)}
      </Text>
    );
  } else if (!quote.data) {
    body = (
      <Text size="sm" c="dimmed">
        Working out the totals…
      </Text>
    );
  } else {
    const q = quote.data;
    const money = (amount: number) => formatAmount(amount, q.currency);
    body = (
      <DataList labelWidth="11rem" aria-label="Order totals">
        <DetailItem label="Items">{money(q.subtotal)}</DetailItem>
        {q.discount > 0 && <DetailItem label={discountLabel(q.discount_percent)}>− {money(q.discount)}</DetailItem>}
        <DetailItem label={q.shipping_service ? `Shipping (${q.shipping_service})` : 'Shipping'}>
          {shipping === 'none' ? 'No shipping' : money(q.shipping)}
        </DetailItem>
        <DetailItem label={`Tax (${(q.tax_rate_bps / 100).toLocaleString(locale)}%)`}>{money(q.tax)}</DetailItem>
        <DetailItem label="Total">
          <strong>{money(q.total)}</strong>
        </DetailItem>
      </DataList>
    );
  }
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-busy={quote.isFetching}>
      {shipping !== 'none' && shipping !== 'amount' && address && (
        <Text size="xs" c="dimmed" mb={4}>
          Ships to {addressLine(address)}
        </Text>
      )}
      {body}
    </Paper>
  );
}

/** The quote's problem in the form's words: the fields it names are the form's, not the server's. */
function quoteProblem(error: unknown): string {
  const path = error instanceof ApiError ? (error.issues[0]?.path ?? '') : '';
  if (path === 'discount_amount') return 'The discount is more than the items come to, or has too many decimals.';
  if (path === 'discount_percent') return 'A percent discount is a number from 0 to 100, with at most two decimals.';
  if (path === 'shipping_amount') return 'The shipping amount is not a valid amount for this currency.';
  if (path.startsWith('items')) return 'One of the items cannot be ordered; placing the order says which.';
  return errorMessage(error);
}

function OrderPlaced({ order, onClose, onOpen }: { order: CreatedOrder; onClose: () => void; onOpen: () => void }) {
  const money = (amount: number) => formatAmount(amount, order.currency);
  return (
    <Stack gap="md">
      <Text>
        For <strong>{order.customer_name}</strong>, {formatCount(order.items.length)}{' '}
        {order.items.length === 1 ? 'line' : 'lines'}. Stock is reserved until it ships or the order is cancelled.
      </Text>
      {order.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Warnings">
          {order.warnings.map((warning) => (
            <div key={warning}>{warning}</div>
          ))}
        </Alert>
      )}
      <DataList labelWidth="8rem" aria-label="Order totals">
        <DetailItem label="Subtotal">{money(order.subtotal)}</DetailItem>
        {order.discount > 0 && (
          <DetailItem label={discountLabel(order.discount_percent)}>− {money(order.discount)}</DetailItem>
        )}
        <DetailItem label="Shipping">{money(order.shipping)}</DetailItem>
        <DetailItem label="Tax">{money(order.tax)}</DetailItem>
        <DetailItem label="Total">
          <strong>{money(order.total)}</strong>
        </DetailItem>
      </DataList>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        <Button onClick={onOpen} data-autofocus>
          Open order
        </Button>
      </Group>
    </Stack>
  );
}
