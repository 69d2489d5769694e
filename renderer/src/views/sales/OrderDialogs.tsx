import {
  Alert,
  Button,
  DataList,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import type { Order } from '../../../../shared/sales/orders.js';
import { SHIPPING_SERVICES } from '../../../../shared/sales/orders.js';
import { PAYMENT_METHODS, type Payment } from '../../../../shared/sales/payments.js';
import { DetailItem } from '../../components/DetailItem.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { formatAmount, formatWeight, locale } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { parseDecimal, useServerErrors } from './serverErrors.js';
import { statusLabel } from './OrderStatusBadge.js';
import {
  useCreateShipment,
  useProcessPayment,
  useRefundPayment,
  useShippingQuote,
  useUpdateOrderStatus,
} from './salesQueries.js';

/**
 * One key per opened dialog: a double click, or a retry after a lost answer, returns the first result
 * instead of paying or refunding twice. crypto.randomUUID needs a secure context; plain HTTP on a LAN
 * address is not one.
 */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const amountText = (amount: number) => amount.toLocaleString(locale, { useGrouping: false, maximumFractionDigits: 6 });

const METHOD_LABELS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card terminal',
  check: 'Check',
  other: 'Other',
};

function FormAlert({ title, messages }: { title: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert color="red" title={title} role="alert">
      {messages.map((message) => (
        <div key={message}>{message}</div>
      ))}
    </Alert>
  );
}

interface ActionsProps {
  onClose: () => void;
  pending: boolean;
  children: ReactNode;
  closeLabel?: string;
}

function Actions({ onClose, pending, children, closeLabel = 'Cancel' }: ActionsProps) {
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={onClose} disabled={pending}>
        {closeLabel}
      </Button>
      {children}
    </Group>
  );
}

// ---------------------------------------------------------------------------------------------

type PaymentField = 'amount' | 'payment_method' | 'reference' | 'note';

export function PaymentDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [amount, setAmount] = useState(() => amountText(order.balance_due));
  const [method, setMethod] = useState<string>('bank_transfer');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const errors = useServerErrors<PaymentField>((path) =>
    (['amount', 'payment_method', 'reference', 'note'] as const).find(
      (f) => f === path || (path === 'currency' && f === 'amount'),
    ),
  );
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const pay = useProcessPayment();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    pay.mutate(
      {
        order_id: order.id,
        currency: order.currency,
        amount: (parseDecimal(amount) ?? '') as number,
        payment_method: method,
        idempotency_key: idempotencyKey,
        ...(reference.trim() !== '' && { reference: reference.trim() }),
        ...(note.trim() !== '' && { note: note.trim() }),
      },
      {
        onSuccess: (payment) => {
          notifySuccess(`Payment of ${formatAmount(payment.amount, payment.currency)} recorded`);
          onClose();
        },
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not record the payment', error);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Record payment for order #${order.id}`}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Balance due {formatAmount(order.balance_due, order.currency)}. Officina records money received by other
            means; it does not charge cards.
          </Text>
          <FormAlert title="The payment was not recorded" messages={errors.formErrors} />
          <TextInput
            label={`Amount (${order.currency})`}
            inputMode="decimal"
            withAsterisk
            autoComplete="off"
            data-autofocus
            value={amount}
            error={errors.fieldErrors.amount}
            onChange={(event) => {
              setAmount(event.currentTarget.value);
              errors.clearField('amount');
            }}
          />
          <NativeSelect
            label="Method"
            value={method}
            error={errors.fieldErrors.payment_method}
            onChange={(event) => setMethod(event.currentTarget.value)}
            data={PAYMENT_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
          />
          <TextInput
            label="Reference"
            description="Receipt, bank or terminal reference"
            autoComplete="off"
            value={reference}
            error={errors.fieldErrors.reference}
            onChange={(event) => setReference(event.currentTarget.value)}
          />
          <TextInput
            label="Note"
            autoComplete="off"
            value={note}
            error={errors.fieldErrors.note}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
          <Actions onClose={onClose} pending={pay.isPending}>
            <Button type="submit" loading={pay.isPending}>
              Record payment
            </Button>
          </Actions>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------

type RefundField = 'transaction_id' | 'amount' | 'reason';

export function RefundDialog({ order, payments, onClose }: { order: Order; payments: Payment[]; onClose: () => void }) {
  const refundable = payments.filter((p) => p.refundable > 0);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [transactionId, setTransactionId] = useState(refundable[0]?.transaction_id ?? '');
  const selected = refundable.find((p) => p.transaction_id === transactionId);
  const [amount, setAmount] = useState(() => (selected ? amountText(selected.refundable) : ''));
  const [reason, setReason] = useState('');
  const errors = useServerErrors<RefundField>((path) =>
    (['transaction_id', 'amount', 'reason'] as const).find((f) => f === path),
  );
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const refund = useRefundPayment();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    const parsed = parseDecimal(amount);
    refund.mutate(
      {
        transaction_id: transactionId,
        idempotency_key: idempotencyKey,
        ...(parsed !== undefined && { amount: parsed as number }),
        ...(reason.trim() !== '' && { reason: reason.trim() }),
      },
      {
        onSuccess: (result) => {
          notifySuccess(
            `Refunded ${formatAmount(result.amount, result.currency)}` +
              (result.order_status ? `; the order is ${result.order_status}` : ''),
          );
          onClose();
        },
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not refund', error);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Refund order #${order.id}`}>
      {refundable.length === 0 ? (
        <Stack>
          <Text>Nothing on this order can be refunded: its payments are refunded already.</Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert title="Nothing was refunded" messages={errors.formErrors} />
            <NativeSelect
              label="Payment"
              value={transactionId}
              error={errors.fieldErrors.transaction_id}
              onChange={(event) => {
                const id = event.currentTarget.value;
                setTransactionId(id);
                const payment = refundable.find((p) => p.transaction_id === id);
                if (payment) setAmount(amountText(payment.refundable));
              }}
              data={refundable.map((p) => ({
                value: p.transaction_id,
                label: `${formatAmount(p.amount, p.currency)} · ${METHOD_LABELS[p.payment_method as keyof typeof METHOD_LABELS] ?? p.payment_method} · ${formatAmount(p.refundable, p.currency)} refundable`,
              }))}
            />
            <TextInput
              label={`Amount (${order.currency})`}
              description={selected ? `At most ${formatAmount(selected.refundable, selected.currency)}` : undefined}
              inputMode="decimal"
              autoComplete="off"
              data-autofocus
              value={amount}
              error={errors.fieldErrors.amount}
              onChange={(event) => {
                setAmount(event.currentTarget.value);
                errors.clearField('amount');
              }}
            />
            <Textarea
              label="Reason"
              autosize
              minRows={2}
              value={reason}
              error={errors.fieldErrors.reason}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <Actions onClose={onClose} pending={refund.isPending}>
              <Button type="submit" color="red" loading={refund.isPending}>
                Refund
              </Button>
            </Actions>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------

type ShipmentField = 'service' | 'carrier' | 'tracking' | 'destination';
type Shipment = OutputOf<'create_shipment'>;

export function ShipmentDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const [service, setService] = useState<(typeof SHIPPING_SERVICES)[number]>(
    (SHIPPING_SERVICES as readonly string[]).includes(order.shipping_service ?? '')
      ? (order.shipping_service as (typeof SHIPPING_SERVICES)[number])
      : 'standard',
  );
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [shipment, setShipment] = useState<Shipment | null>(null);
  const errors = useServerErrors<ShipmentField>((path) =>
    (['service', 'carrier', 'tracking', 'destination'] as const).find((f) => f === path.split('.')[0]),
  );
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const create = useCreateShipment();

  const quoteInput = useMemo<InputOf<'calculate_shipping'> | null>(() => {
    const items = order.items
      .filter((item) => item.quantity > item.shipped_quantity)
      .map((item) => ({ product_id: item.product_id, quantity: item.quantity - item.shipped_quantity }));
    if (items.length === 0 || order.shipping_address === null) return null;
    return { items, destination: order.shipping_address, service };
  }, [order, service]);
  const quote = useShippingQuote(quoteInput);
  const quoted = quote.data?.items[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    create.mutate(
      {
        order_id: order.id,
        service,
        ...(carrier.trim() !== '' && { carrier: carrier.trim() }),
        ...(tracking.trim() !== '' && { tracking: tracking.trim() }),
      },
      {
        onSuccess: (created) => {
          notifySuccess(`Shipment #${created.id} created`);
          setShipment(created);
        },
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not create the shipment', error);
        },
      },
    );
  };

  if (shipment) {
    return (
      <Modal opened onClose={onClose} title={`Shipment #${shipment.id} created`}>
        <Stack gap="sm">
          <DataList labelWidth="7rem">
            <DetailItem label="Service">{statusLabel(shipment.service)}</DetailItem>
            <DetailItem label="Carrier">{shipment.carrier ?? '—'}</DetailItem>
            <DetailItem label="Tracking">{shipment.tracking ?? '—'}</DetailItem>
            <DetailItem label="Weight">{formatWeight(shipment.weight_kg)}</DetailItem>
            <DetailItem label="Cost">{formatAmount(shipment.cost, shipment.currency)}</DetailItem>
            <DetailItem label="Status">{statusLabel(shipment.status.replace('_', ' '))}</DetailItem>
          </DataList>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title={`Ship order #${order.id}`}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Ships every item not shipped yet to the order&apos;s address; the reserved stock leaves the warehouse.
          </Text>
          <FormAlert title="The shipment was not created" messages={errors.formErrors} />
          <NativeSelect
            label="Service"
            value={service}
            error={errors.fieldErrors.service ?? errors.fieldErrors.destination}
            data-autofocus
            onChange={(event) => setService(event.currentTarget.value as (typeof SHIPPING_SERVICES)[number])}
            data={SHIPPING_SERVICES.map((s) => ({ value: s, label: statusLabel(s) }))}
          />
          <Text size="sm" aria-live="polite">
            {quoteInput === null ? (
              'No quote: the order has no shipping address.'
            ) : quote.isError ? (
              `No quote: ${quote.error.message}`
            ) : quoted ? (
              <>
                Quoted cost: <strong>{formatAmount(quoted.cost, quoted.currency)}</strong> for{' '}
                {formatWeight(quoted.weight_kg)}
              </>
            ) : (
              <Loader size="xs" aria-label="Quoting" />
            )}
          </Text>
          <TextInput
            label="Carrier"
            autoComplete="off"
            value={carrier}
            error={errors.fieldErrors.carrier}
            onChange={(event) => setCarrier(event.currentTarget.value)}
          />
          <TextInput
            label="Tracking number"
            autoComplete="off"
            value={tracking}
            error={errors.fieldErrors.tracking}
            onChange={(event) => setTracking(event.currentTarget.value)}
          />
          <Actions onClose={onClose} pending={create.isPending}>
            <Button type="submit" loading={create.isPending}>
              Create shipment
            </Button>
          </Actions>
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------

export function StatusDialog({ order, to, onClose }: { order: Order; to: string; onClose: () => void }) {
  const [note, setNote] = useState('');
  const update = useUpdateOrderStatus();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        order_id: order.id,
        status: to as InputOf<'update_order_status'>['status'],
        expected_version: order.version,
        ...(note.trim() !== '' && { note: note.trim() }),
      },
      {
        onSuccess: (saved) => {
          notifySuccess(`Order #${saved.id} is now ${saved.status}`);
          onClose();
        },
        onError: (error) => notifyError(`Could not move order #${order.id} to ${to}`, error),
      },
    );
  };
  const cancelling = to === 'cancelled';
  return (
    <Modal opened onClose={onClose} title={`Move order #${order.id} to ${statusLabel(to)}?`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {cancelling && <Text size="sm">Cancelling releases the stock this order reserved.</Text>}
          <Textarea
            label="Note"
            description="Kept in the order's timeline"
            autosize
            minRows={2}
            data-autofocus
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
          />
          <Actions onClose={onClose} pending={update.isPending} closeLabel={cancelling ? 'Keep order' : 'Cancel'}>
            <Button type="submit" color={cancelling ? 'red' : undefined} loading={update.isPending}>
              {cancelling ? 'Cancel order' : `Move to ${statusLabel(to)}`}
            </Button>
          </Actions>
        </Stack>
      </form>
    </Modal>
  );
}
