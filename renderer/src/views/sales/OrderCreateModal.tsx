import {
  ActionIcon,
  Alert,
  Button,
  DataList,
  Group,
  Modal,
  NativeSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import { SHIPPING_SERVICES } from '../../../../shared/sales/orders.js';
import type { Product } from '../../../../shared/sales/products.js';
import { DetailItem } from '../../components/DetailItem.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { formatAmount, formatCount } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { CustomerPicker } from '../CustomerPicker.js';
import { useCustomer } from '../customerQueries.js';
import { parseDecimal, parseInteger, useServerErrors } from './serverErrors.js';
import { useCreateOrder, useProductSearch, useShippingQuote } from './salesQueries.js';

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

/** Field keys: 'customer', 'items', 'service', 'amount', 'notes', 'address' and 'line.N' for each line's quantity. */
function fieldOf(path: string): string | undefined {
  const [head, index] = path.split('.');
  if (head === 'customer_id') return 'customer';
  if (head === 'items') return index !== undefined && /^\d+$/.test(index) ? `line.${index}` : 'items';
  if (head === 'shipping_service') return 'service';
  if (head === 'shipping_amount') return 'amount';
  if (head === 'shipping_address') return 'address';
  if (head === 'notes') return 'notes';
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
  const products = useProductSearch(productQuery);
  const errors = useServerErrors<string>(fieldOf);
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const create = useCreateOrder();
  const dirty = customerId !== initialCustomerId || lines.length > 0 || notes.trim() !== '' || shipping !== 'none';
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
  const estimate = currency
    ? lines.reduce((sum, line) => {
        const n = Number(line.quantity);
        return Number.isFinite(n) ? sum + n * line.product.price : sum;
      }, 0)
    : 0;

  // What the chosen service costs, quoted to the customer's address before the order is placed.
  const customer = useCustomer(customerId);
  const address = customer.data?.address ?? null;
  const service = shipping === 'none' || shipping === 'amount' ? null : shipping;
  const quoteInput = useMemo<InputOf<'calculate_shipping'> | null>(() => {
    const items = lines.flatMap((line) => {
      const quantity = parseInteger(line.quantity);
      return typeof quantity === 'number' && quantity > 0 ? [{ product_id: line.product.id, quantity }] : [];
    });
    if (service === null || address === null || items.length === 0) return null;
    return { items, destination: address, service };
  }, [lines, service, address]);
  const [debouncedQuoteInput] = useDebouncedValue(quoteInput, 200);
  const quote = useShippingQuote(debouncedQuoteInput);
  const quoted = quoteInput !== null && debouncedQuoteInput === quoteInput ? quote.data?.items[0] : undefined;
  const typedAmount = shipping === 'amount' ? parseDecimal(shippingAmount) : undefined;
  const shippingCost = typeof typedAmount === 'number' ? typedAmount : quoted?.cost;

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
        <Group justify="space-between" mt="xs" align="flex-start" wrap="nowrap">
          <Text size="sm" c="dimmed" aria-live="polite" aria-label="Order estimate">
            {currency &&
              estimateText({
                items: estimate,
                currency,
                shipping,
                shippingCost,
                quoting: service !== null && address !== null && quoted === undefined && !quote.isError,
                noAddress: service !== null && customer.isSuccess && address === null,
              })}
          </Text>
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

/** What the order will come to, as far as the form can tell: the server sets the totals (and the tax). */
function estimateText(e: {
  items: number;
  currency: string;
  shipping: ShippingChoice;
  shippingCost: number | undefined;
  quoting: boolean;
  noAddress: boolean;
}): string {
  const money = (amount: number) => formatAmount(amount, e.currency);
  const before = 'before tax; the server sets the totals.';
  if (e.shipping === 'none') return `Items ${money(e.items)}, no shipping, ${before}`;
  if (e.noAddress) return `Items ${money(e.items)}; the customer has no address to ship to.`;
  if (e.shippingCost === undefined)
    return `Items ${money(e.items)} + shipping ${e.quoting ? '(quoting…)' : '(to be set)'} ${before}`;
  return `Items ${money(e.items)} + shipping ${money(e.shippingCost)} = ${money(e.items + e.shippingCost)} ${before}`;
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
