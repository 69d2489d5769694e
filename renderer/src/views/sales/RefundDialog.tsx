import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Order } from '../../../../shared/sales/orders.js';
import type { Payment } from '../../../../shared/sales/payments.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { formatAmount, formatCount } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { Actions, FormAlert, METHOD_LABELS, amountText, newIdempotencyKey } from './OrderDialogs.js';
import { parseDecimal, useServerErrors } from './serverErrors.js';
import { useRefundPayment } from './salesQueries.js';

type Mode = 'items' | 'amount';
type RefundField = 'transaction_id' | 'amount' | 'reason' | `line-${number}`;

/**
 * Refund an order: by item (chosen quantities of its lines, priced with tax by the server; shipped
 * items can go back in stock) or by an amount of one payment, as before.
 */
export function RefundDialog({ order, payments, onClose }: { order: Order; payments: Payment[]; onClose: () => void }) {
  const refundable = payments.filter((p) => p.refundable > 0);
  const lines = order.items.filter((item) => item.quantity - item.refunded_quantity > 0);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [mode, setMode] = useState<Mode>(lines.length > 0 ? 'items' : 'amount');
  const [transactionId, setTransactionId] = useState(refundable[0]?.transaction_id ?? '');
  const selected = refundable.find((p) => p.transaction_id === transactionId);
  const [initialAmount] = useState(() => (selected ? amountText(selected.refundable) : ''));
  const [amount, setAmount] = useState(initialAmount);
  const [reason, setReason] = useState('');
  const [quantities, setQuantities] = useState<Record<number, number | string>>({});
  const [restock, setRestock] = useState(true);
  const [sent, setSent] = useState<number[]>([]);
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const errors = useServerErrors<RefundField>((path) => {
    const item = /^items\.(\d+)\./.exec(path);
    if (item) {
      const productId = sent[Number(item[1])];
      return productId === undefined ? undefined : `line-${productId}`;
    }
    return (['transaction_id', 'amount', 'reason'] as const).find((f) => f === path);
  });
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const refund = useRefundPayment();

  const chosen = lines
    .map((item) => ({ item, quantity: Number(quantities[item.product_id] ?? 0) }))
    .filter(({ quantity }) => Number.isInteger(quantity) && quantity > 0);
  // What the server will charge back: the items' prices with the order's tax (it rounds once, on the order).
  const estimate =
    chosen.reduce((sum, { item, quantity }) => sum + item.unit_price * quantity, 0) * (1 + order.tax_rate_bps / 10_000);
  const returnsShipped = chosen.some(({ item }) => item.shipped_quantity > 0);
  const dirty = amount !== initialAmount || reason.trim() !== '' || chosen.length > 0;
  const unsaved = useUnsavedChanges(dirty, onClose);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    let items: { product_id: number; quantity: number }[] | undefined;
    if (mode === 'items') {
      const problems: Record<number, string> = {};
      for (const item of lines) {
        const value = quantities[item.product_id] ?? '';
        if (value === '' || value === 0) continue;
        const n = Number(value);
        const left = item.quantity - item.refunded_quantity;
        if (!Number.isInteger(n) || n < 0) problems[item.product_id] = 'Enter a whole number, or 0';
        else if (n > left) problems[item.product_id] = `Only ${formatCount(left)} can still be refunded`;
      }
      if (Object.keys(problems).length === 0 && chosen.length === 0 && lines[0]) {
        problems[lines[0].product_id] = 'Choose at least one item to refund';
      }
      setLineErrors(problems);
      if (Object.keys(problems).length > 0) {
        focusFirstProblem();
        return;
      }
      items = chosen.map(({ item, quantity }) => ({ product_id: item.product_id, quantity }));
      setSent(items.map((i) => i.product_id));
    }
    const parsed = parseDecimal(amount);
    refund.mutate(
      {
        transaction_id: transactionId,
        idempotency_key: idempotencyKey,
        ...(items ? { items, restock } : parsed !== undefined && { amount: parsed as number }),
        ...(reason.trim() !== '' && { reason: reason.trim() }),
      },
      {
        onSuccess: (result) => {
          notifySuccess(
            `Refunded ${formatAmount(result.amount, result.currency)}` +
              (result.items.some((i) => i.restocked > 0) ? '; the returned items are back in stock' : ''),
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
    <>
      <Modal
        opened
        onClose={unsaved.close}
        {...unsaved.modalProps}
        title={`Refund order #${order.id}`}
        size={mode === 'items' ? 'lg' : 'md'}
      >
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
              {lines.length > 0 && (
                <SegmentedControl
                  aria-label="Refund by"
                  value={mode}
                  onChange={(value) => setMode(value as Mode)}
                  data={[
                    { value: 'items', label: 'Refund items' },
                    { value: 'amount', label: 'Refund an amount' },
                  ]}
                />
              )}
              <FormAlert title="Nothing was refunded" messages={errors.formErrors} />
              <NativeSelect
                label="From payment"
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
              {mode === 'items' ? (
                <>
                  <Table aria-label="Items to refund" verticalSpacing={4}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Item</Table.Th>
                        <Table.Th ta="right">Price</Table.Th>
                        <Table.Th ta="right">Shipped</Table.Th>
                        <Table.Th ta="right">Refundable</Table.Th>
                        <Table.Th w={130}>Refund</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {lines.map((item) => (
                        <Table.Tr key={item.product_id}>
                          <Table.Td>{item.name}</Table.Td>
                          <Table.Td ta="right" className="numeric">
                            {formatAmount(item.unit_price, order.currency)}
                          </Table.Td>
                          <Table.Td ta="right" className="numeric">
                            {formatCount(item.shipped_quantity)}
                          </Table.Td>
                          <Table.Td ta="right" className="numeric">
                            {formatCount(item.quantity - item.refunded_quantity)}
                          </Table.Td>
                          <Table.Td>
                            <NumberInput
                              aria-label={`Refund: ${item.name}`}
                              size="xs"
                              min={0}
                              max={item.quantity - item.refunded_quantity}
                              clampBehavior="none"
                              allowDecimal={false}
                              allowNegative={false}
                              value={quantities[item.product_id] ?? 0}
                              error={lineErrors[item.product_id] ?? errors.fieldErrors[`line-${item.product_id}`]}
                              onChange={(value) => {
                                setQuantities((current) => ({ ...current, [item.product_id]: value }));
                                setLineErrors(({ [item.product_id]: _cleared, ...rest }) => rest);
                                errors.clearField(`line-${item.product_id}`);
                              }}
                            />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  <Checkbox
                    label="Put returned items back in stock"
                    description="Items not shipped yet are always released back to stock."
                    checked={restock}
                    disabled={!returnsShipped}
                    onChange={(event) => setRestock(event.currentTarget.checked)}
                  />
                  <Text size="sm" aria-live="polite">
                    {chosen.length === 0 ? (
                      'Choose the items to refund.'
                    ) : (
                      <>
                        Refund about <strong>{formatAmount(estimate, order.currency)}</strong>, the items&apos; price
                        with tax.
                      </>
                    )}
                  </Text>
                </>
              ) : (
                <TextInput
                  label={`Amount (${order.currency})`}
                  description={selected ? `At most ${formatAmount(selected.refundable, selected.currency)}` : undefined}
                  inputMode="decimal"
                  autoComplete="off"
                  value={amount}
                  error={errors.fieldErrors.amount}
                  onChange={(event) => {
                    setAmount(event.currentTarget.value);
                    errors.clearField('amount');
                  }}
                />
              )}
              <Textarea
                label="Reason"
                autosize
                minRows={2}
                value={reason}
                error={errors.fieldErrors.reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
              <Actions onClose={unsaved.close} pending={refund.isPending}>
                <Button type="submit" color="red" loading={refund.isPending}>
                  Refund
                </Button>
              </Actions>
            </Stack>
          </form>
        )}
      </Modal>
      {unsaved.prompt}
    </>
  );
}
