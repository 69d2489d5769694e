import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { InputOf } from '../../../../shared/contracts.js';
import type { Order } from '../../../../shared/sales/orders.js';
import { PAYMENT_METHODS } from '../../../../shared/sales/payments.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { formatAmount, locale } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { parseDecimal, useServerErrors } from './serverErrors.js';
import { statusLabel } from './OrderStatusBadge.js';
import { useProcessPayment, useUpdateOrderStatus } from './salesQueries.js';

/**
 * One key per opened dialog: a double click, or a retry after a lost answer, returns the first result
 * instead of paying or refunding twice. crypto.randomUUID needs a secure context; plain HTTP on a LAN
 * address is not one.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const amountText = (amount: number) =>
  amount.toLocaleString(locale, { useGrouping: false, maximumFractionDigits: 6 });

export const METHOD_LABELS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  card_terminal: 'Card terminal',
  check: 'Check',
  other: 'Other',
};

export function FormAlert({ title, messages }: { title: string; messages: string[] }) {
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

export function Actions({ onClose, pending, children, closeLabel = 'Cancel' }: ActionsProps) {
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
  const [initialAmount] = useState(amount);
  const unsaved = useUnsavedChanges(
    amount !== initialAmount || method !== 'bank_transfer' || reference.trim() !== '' || note.trim() !== '',
    onClose,
  );

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
    <>
      <Modal opened onClose={unsaved.close} {...unsaved.modalProps} title={`Record payment for order #${order.id}`}>
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
            <Actions onClose={unsaved.close} pending={pay.isPending}>
              <Button type="submit" loading={pay.isPending}>
                Record payment
              </Button>
            </Actions>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
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
